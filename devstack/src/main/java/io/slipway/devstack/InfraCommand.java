package io.slipway.devstack;

import io.slipway.devstack.cli.HelpOption;
import io.slipway.devstack.infra.EmbeddedInfra;
import io.slipway.devstack.infra.InfraConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code infra}: runs {@link EmbeddedInfra} (PostgreSQL and Kafka in one process) in the
 * foreground. {@code DIR/infra.env} exists exactly while both accept clients (see {@link
 * ForegroundServer}).
 */
@Command(
        name = "infra",
        description = {
            "Embedded PostgreSQL + Kafka in the foreground; writes DIR/infra.env when ready.",
            "Ctrl-C or SIGTERM stops both (exit 0)."
        })
final class InfraCommand implements Callable<Integer> {
    @Mixin HelpOption helpOption;

    private final PrintStream out;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            required = true,
            description = "holds postgres/, kafka/ and infra.env; reused as-is on restart")
    Path dataDir;

    @Mixin InfraPorts ports;

    InfraCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        InfraConfig config = ports.config(dataDir);
        return ForegroundServer.run(
                "infra",
                config.dataDir().resolve("infra.env"),
                () -> EmbeddedInfra.start(config),
                out);
    }
}
