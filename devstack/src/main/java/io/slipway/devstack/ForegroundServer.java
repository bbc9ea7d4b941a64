package io.slipway.devstack;

import io.slipway.devstack.cli.TerminationSignals;
import io.slipway.devstack.infra.EnvFile;
import io.slipway.devstack.infra.InfraServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Runs one {@link InfraServer} in the foreground until SIGINT or SIGTERM, announcing it through a
 * ready file: the file is removed before starting and after stopping, and written (atomically, with
 * the server's environment variables) once the server accepts clients. Its appearance is the
 * readiness signal for other processes; a stale file left by a {@code kill -9} is removed by the
 * next start before anything else happens.
 */
final class ForegroundServer {
    private ForegroundServer() {}

    /**
     * Starts the server, writes {@code readyFile}, prints {@code "NAME ready: ..."}, waits for a
     * termination signal, then stops the server and prints {@code "NAME: stopped"}. Returns 0.
     */
    static int run(String name, Path readyFile, Supplier<InfraServer> start, PrintStream out)
            throws InterruptedException {
        EnvFile.delete(readyFile);
        // Installed before starting, so a SIGTERM during startup stops cleanly once started.
        TerminationSignals signals = TerminationSignals.install();
        try (InfraServer server = start.get()) {
            EnvFile.write(readyFile, server.environment());
            // Names only: the values include database passwords, which stay in the 0600 file.
            out.printf(
                    "%s ready: %s (environment in %s)%n",
                    name, server.environment().keySet(), readyFile);
            String signal = signals.await();
            out.println(name + ": " + signal + " received, stopping");
            EnvFile.delete(readyFile);
        }
        out.println(name + ": stopped");
        return 0;
    }
}
