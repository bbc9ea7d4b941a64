package io.slipway.devstack;

import io.slipway.devstack.cli.Bounds;
import io.slipway.devstack.cli.HelpOption;
import io.slipway.devstack.infra.InfraConfig;
import io.slipway.devstack.infra.PostgresNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code postgres}: PostgreSQL alone in the foreground, data in {@code DIR/postgres} (the layout
 * {@code infra} uses, so both can run on one directory, one at a time). {@code DIR/postgres.env}
 * exists exactly while it accepts clients (see {@link ForegroundServer}).
 */
@Command(
        name = "postgres",
        description = "PostgreSQL alone in the foreground; writes DIR/postgres.env when ready.")
final class PostgresCommand implements Callable<Integer> {
    @Mixin HelpOption helpOption;

    private final PrintStream out;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            required = true,
            description = "data in DIR/postgres (the layout infra uses)")
    Path dataDir;

    @Option(
            names = "--pg-port",
            paramLabel = "PORT",
            defaultValue = "" + InfraConfig.DEFAULT_PG_PORT,
            description = "PostgreSQL's port (default: ${DEFAULT-VALUE})")
    int port;

    PostgresCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        Path dir = dataDir.toAbsolutePath().normalize();
        int pgPort = Bounds.check("--pg-port", port, 1, 65535);
        return ForegroundServer.run(
                "postgres",
                dir.resolve("postgres.env"),
                () -> PostgresNode.start(dir.resolve("postgres"), pgPort),
                out);
    }
}
