package io.slipway.cli;

import io.slipway.cli.api.ApiClient;
import io.slipway.cli.render.Format;
import io.slipway.cli.render.Views;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code admin rebuild}: the admin's actions. */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = "Administrator actions.",
        footer = ExitCode.HELP)
final class AdminCommand {
    private final Context ctx;

    AdminCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Command(
            name = "rebuild",
            mixinStandardHelpOptions = true,
            description = {
                "Replay the event log into the read model and say whether it came out identical.",
                "--dry-run only compares (locks nothing writers need); --redrive gives every",
                "unfinished domain a timer due now (after a restore from the log)."
            })
    void rebuild(
            @Option(names = "--dry-run", description = "compare only, change nothing")
                    boolean dryRun,
            @Option(names = "--redrive", description = "re-drive unfinished domains")
                    boolean redrive,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, json or yaml")
                    Format output) {
        ApiClient api = ctx.api();
        var reply =
                api.require2xx(
                        api.post(
                                "/api/v1/admin/projections/rebuild?dryRun="
                                        + dryRun
                                        + "&redrive="
                                        + redrive,
                                "application/json",
                                null,
                                Map.of()));
        ctx.out.print(output.render(Answers.json(reply), Views::rebuild));
    }
}
