package io.slipway.devstack;

import io.slipway.devstack.cli.Args;
import io.slipway.devstack.infra.InfraConfig;
import io.slipway.devstack.infra.PostgresNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code postgres}: PostgreSQL alone in the foreground, data in {@code DIR/postgres} (the layout
 * {@code infra} uses, so both can run on one directory, one at a time). {@code DIR/postgres.env}
 * exists exactly while it accepts clients (see {@link ForegroundServer}).
 */
final class PostgresCommand {
    private PostgresCommand() {}

    static int run(String[] argv, PrintStream out) throws InterruptedException {
        var args = Args.parse(argv, Set.of("data-dir", "pg-port"));
        Path dataDir = args.requiredPath("data-dir").toAbsolutePath().normalize();
        int port = args.integer("pg-port", InfraConfig.DEFAULT_PG_PORT, 1, 65535);
        return ForegroundServer.run(
                "postgres",
                dataDir.resolve("postgres.env"),
                () -> PostgresNode.start(dataDir.resolve("postgres"), port),
                out);
    }
}
