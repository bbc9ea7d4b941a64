package io.slipway.cli;

import io.slipway.cli.api.ApiClient;
import io.slipway.cli.render.Format;
import io.slipway.cli.render.Views;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin rebuild}, {@code export}, {@code import}, {@code recovery}: the admin's actions. */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = "Administrator actions.",
        footer = ExitCode.HELP)
final class AdminCommand {
    private static final String NDJSON = "application/x-ndjson";
    private final Context ctx;

    AdminCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = {
                "The event log and what a restore needs (hosts, enrolments, idempotency keys,",
                "reaps) as NDJSON from one consistent snapshot; its last line holds a SHA-256 of",
                "the rest and the read model's hash. To standard output, or to -o FILE."
            })
    void export(
            @Option(
                            names = {"-o", "--output-file"},
                            paramLabel = "FILE",
                            description = "write here instead of standard output")
                    Path file) {
        ApiClient api = ctx.api();
        if (file == null) {
            api.download("/api/v1/admin/export", NDJSON, ctx.out);
            ctx.out.flush();
            return;
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            long bytes = api.download("/api/v1/admin/export", NDJSON, out);
            out.close();
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            ctx.err.println("exported " + bytes + " bytes to " + file);
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILED, "error: cannot write " + file + ": " + e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // nothing more to do about a partial file we could not remove
            }
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = {
                "Load an export into this installation's empty database, all or nothing: checked",
                "line by line and by checksum, the read model rebuilt and compared by hash, what",
                "was unfinished re-driven."
            })
    void importLog(
            @Parameters(paramLabel = "FILE") Path file,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, json or yaml")
                    Format output) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCode.USAGE, "error: no such file: " + file);
        }
        ApiClient api = ctx.api();
        var reply =
                api.require2xx(
                        api.upload("/api/v1/admin/import", NDJSON, file, Duration.ofHours(2)));
        ctx.out.print(output.render(Answers.json(reply), Views::imported));
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

    @Command(
            name = "recovery",
            mixinStandardHelpOptions = true,
            description = {
                "The progress of a catch-up recovery (an orchestrator started with",
                "--slipway.recovery.catch-up-from-feed=true after a restore): its phase, what the",
                "feed added, the hosts awaited and reconciled, and any conflict."
            })
    void recovery(
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, json or yaml")
                    Format output) {
        ApiClient api = ctx.api();
        var reply = api.require2xx(api.get("/api/v1/admin/recovery", "application/json"));
        ctx.out.print(output.render(Answers.json(reply), Views::recovery));
    }
}
