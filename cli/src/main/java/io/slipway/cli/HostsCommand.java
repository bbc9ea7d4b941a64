package io.slipway.cli;

import io.slipway.cli.api.ApiClient;
import io.slipway.cli.render.Format;
import io.slipway.cli.render.Views;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code hosts ls|get|drain|undrain|inventory|reap|reaps}. ({@code hosts enroll|revoke} belong to
 * the dev stack's launcher, which issues Kafka credentials.)
 */
@Command(
        name = "hosts",
        mixinStandardHelpOptions = true,
        description = "List and operate hypervisor hosts.",
        footer = ExitCode.HELP)
final class HostsCommand {
    private final Context ctx;

    HostsCommand(Context ctx) {
        this.ctx = ctx;
    }

    /** {@code -o table|json|yaml}. */
    static final class Output {
        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                defaultValue = "table",
                description = "table, json or yaml")
        Format format;
    }

    @Command(
            name = "ls",
            mixinStandardHelpOptions = true,
            description = "Every host, its state and what is claimed on it.")
    void list(@Mixin Output o) {
        print(get("/api/v1/hosts"), o, Views::hosts);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "One host.")
    void show(@Parameters(paramLabel = "ID") String id, @Mixin Output o) {
        print(get(hostPath(id)), o, Views::host);
    }

    @Command(
            name = "drain",
            mixinStandardHelpOptions = true,
            description = "Stop new placements on a host; what runs there keeps running.")
    void drain(@Parameters(paramLabel = "ID") String id, @Mixin Output o) {
        print(post(hostPath(id) + "/drain", null), o, Views::host);
    }

    @Command(
            name = "undrain",
            mixinStandardHelpOptions = true,
            description = "Let placements use a host again.")
    void undrain(@Parameters(paramLabel = "ID") String id, @Mixin Output o) {
        print(post(hostPath(id) + "/undrain", null), o, Views::host);
    }

    @Command(
            name = "inventory",
            mixinStandardHelpOptions = true,
            description =
                    "What the host's hypervisor reported, each domain owned, stale or orphan.")
    void inventory(@Parameters(paramLabel = "ID") String id, @Mixin Output o) {
        print(get(hostPath(id) + "/inventory"), o, Views::inventory);
    }

    @Command(
            name = "reap",
            mixinStandardHelpOptions = true,
            description = "Reap an orphan (or stale copy) the host's inventory shows.")
    void reap(
            @Parameters(index = "0", paramLabel = "ID") String id,
            @Parameters(
                            index = "1",
                            paramLabel = "HANDLE",
                            description = "the hypervisor domain's UUID")
                    String handle,
            @Option(names = "--reason", paramLabel = "TEXT", description = "recorded with the reap")
                    String reason,
            @Mixin Output o) {
        if (!handle.matches("[0-9a-fA-F-]{1,64}")) {
            throw new CliException(ExitCode.USAGE, "error: not a handle (a UUID): " + handle);
        }
        byte[] body =
                reason == null
                        ? null
                        : Answers.mapper()
                                .writeValueAsString(Map.of("reason", reason))
                                .getBytes(StandardCharsets.UTF_8);
        print(
                post(hostPath(id) + "/inventory/" + handle + "/reap", body),
                o,
                r -> Views.reaps(java.util.List.of(r)));
    }

    @Command(
            name = "lost",
            mixinStandardHelpOptions = true,
            description = {
                "Declare a host gone for good: creations being built there are re-placed, running",
                "domains re-created elsewhere (--running recreate) or marked LOST (mark-lost),",
                "claims released; if it is ever heard again it stays LOST and is emptied."
            })
    void lost(
            @Parameters(paramLabel = "ID") String id,
            @Option(
                            names = "--running",
                            required = true,
                            paramLabel = "POLICY",
                            description = "recreate or mark-lost")
                    String running,
            @Option(names = "--reason", paramLabel = "TEXT", description = "recorded with it")
                    String reason,
            @Mixin Output o) {
        if (!running.equals("recreate") && !running.equals("mark-lost")) {
            throw new CliException(
                    ExitCode.USAGE, "error: --running must be recreate or mark-lost");
        }
        Map<String, String> request = new java.util.LinkedHashMap<>();
        request.put("running", running);
        if (reason != null) {
            request.put("reason", reason);
        }
        byte[] body = Answers.mapper().writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
        print(post(hostPath(id) + "/lost", body), o, Views::host);
    }

    @Command(
            name = "reaps",
            mixinStandardHelpOptions = true,
            description = "The reaps on a host, oldest first.")
    void reaps(@Parameters(paramLabel = "ID") String id, @Mixin Output o) {
        print(get(hostPath(id) + "/reaps"), o, Views::reaps);
    }

    private JsonNode get(String path) {
        ApiClient api = ctx.api();
        return Answers.json(api.require2xx(api.get(path, "application/json")));
    }

    private JsonNode post(String path, byte[] jsonBody) {
        ApiClient api = ctx.api();
        return Answers.json(api.require2xx(api.post(path, "application/json", jsonBody, Map.of())));
    }

    private void print(
            JsonNode node, Output o, java.util.function.Function<JsonNode, String> table) {
        ctx.out.print(o.format.render(node, table));
        ctx.out.flush();
    }

    /** A host id goes into a URL path: only its own characters are let through. */
    static String hostPath(String id) {
        if (!id.matches("[a-z0-9-]{1,63}")) {
            throw new CliException(
                    ExitCode.USAGE,
                    "error: not a host id (1-63 of [a-z0-9-]): "
                            + id.replaceAll("\\p{Cntrl}", " "));
        }
        return "/api/v1/hosts/" + id;
    }
}
