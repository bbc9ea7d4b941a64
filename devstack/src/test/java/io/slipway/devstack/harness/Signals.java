package io.slipway.devstack.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Unix signals other than SIGTERM and SIGKILL, which the JDK cannot send itself. */
final class Signals {
    private Signals() {}

    /**
     * {@code kill -SIGNAL pid...} in one call, so a process tree is hit at nearly one instant. A
     * process that exited meanwhile (a backend whose client left) is no failure; any other refusal
     * fails naming the signal and the process.
     */
    static void send(String signal, List<ProcessHandle> processes) {
        if (processes.isEmpty() || kill(signal, processes)) {
            return;
        }
        for (ProcessHandle p : processes) {
            if (p.isAlive() && !kill(signal, List.of(p)) && p.isAlive()) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
            }
        }
    }

    private static boolean kill(String signal, List<ProcessHandle> processes) {
        List<String> argv = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> argv.add(Long.toString(p.pid())));
        try {
            Process kill = new ProcessBuilder(argv).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " took over 10 s");
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
