package io.slipway.cli;

import io.slipway.cli.api.ApiClient;
import io.slipway.cli.api.ApiException;
import io.slipway.cli.api.Reply;
import io.slipway.cli.render.Format;
import io.slipway.cli.render.ProblemText;
import io.slipway.cli.render.Views;
import io.slipway.cli.watch.Display;
import io.slipway.cli.watch.DomainFollower;
import io.slipway.cli.watch.Goal;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** {@code domains create|ls|get|events|watch|describe-guest|rm}. */
@Command(
        name = "domains",
        mixinStandardHelpOptions = true,
        description = "Create, list, inspect, follow and destroy domains.",
        footer = ExitCode.HELP)
final class DomainsCommand {
    /** The API refuses descriptions over 1 MiB; a file is not read far beyond. */
    static final int MAX_DESCRIPTION_BYTES = 1024 * 1024;

    private static final int PAGE_SIZE = 500;
    private static final int MAX_PAGES = 10_000;

    /** {@code --format} of a description. */
    enum DescriptionFormat {
        dts("text/plain"),
        dtb("application/octet-stream"),
        json("application/json");

        final String mediaType;

        DescriptionFormat(String mediaType) {
            this.mediaType = mediaType;
        }

        static DescriptionFormat ofFile(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".dts")) {
                return dts;
            }
            if (name.endsWith(".dtb")) {
                return dtb;
            }
            if (name.endsWith(".json")) {
                return json;
            }
            throw new CliException(
                    ExitCode.USAGE,
                    "error: cannot tell the format of "
                            + file
                            + " from its name: give --format dts|dtb|json");
        }
    }

    private final Context ctx;

    DomainsCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create a domain from a guest description (DTS, DTB or JSON).",
                "With --wait, follow it until RUNNING (exit 0) or FAILED (exit 1)."
            },
            footer = ExitCode.HELP)
    int create(
            @Parameters(
                            paramLabel = "FILE",
                            arity = "0..1",
                            description = "the guest description (or --template with --overlay)")
                    Path file,
            @Option(
                            names = "--template",
                            paramLabel = "NAME[:VERSION]",
                            description =
                                    "compose the guest from this template (latest version"
                                            + " unless given)")
                    String template,
            @Option(
                            names = "--overlay",
                            paramLabel = "FILE",
                            description =
                                    "an overlay (.dts or .dtbo) applied to the template, in"
                                            + " order; repeatable")
                    List<Path> overlays,
            @Option(names = "--wait", description = "follow the creation until it settles")
                    boolean wait,
            @Option(
                            names = "--idempotency-key",
                            paramLabel = "KEY",
                            description = "same key and description: the same domain")
                    String key,
            @Option(
                            names = "--format",
                            paramLabel = "FORMAT",
                            description = "dts, dtb or json (default: from the file's extension)")
                    DescriptionFormat format,
            @Option(names = "--plain", description = "one line per change, no live display")
                    boolean plain,
            @Option(
                            names = "--timeout",
                            paramLabel = "DURATION",
                            defaultValue = "30m",
                            description = "how long --wait waits (e.g. 90s, 10m; default 30m)")
                    String timeout,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, json or yaml (without --wait)")
                    Format output) {
        Duration waitFor = duration(timeout);
        String mediaType;
        byte[] body;
        String source;
        if (template != null) {
            if (file != null || format != null) {
                throw new CliException(
                        ExitCode.USAGE, "error: give FILE or --template with --overlay, not both");
            }
            mediaType = Composition.MEDIA_TYPE;
            body = Composition.body(template, overlays);
            source = "the composition";
        } else {
            if (file == null) {
                throw new CliException(
                        ExitCode.USAGE, "error: give FILE, or --template NAME with --overlay FILE");
            }
            if (overlays != null) {
                throw new CliException(ExitCode.USAGE, "error: --overlay needs --template");
            }
            mediaType = (format != null ? format : DescriptionFormat.ofFile(file)).mediaType;
            body = readDescription(file);
            source = file.toString();
        }
        ApiClient api = ctx.api();
        Map<String, String> headers = new LinkedHashMap<>();
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        var reply = api.post("/api/v1/domains", mediaType, body, headers);
        if (!reply.ok()) {
            throw invalidInput(api, reply, source);
        }
        JsonNode view = Answers.json(reply);
        String id = view.path("id").asString();
        if (!wait) {
            if (output == Format.table) {
                ctx.out.printf(
                        "domain %s %s (%s)%n",
                        id,
                        reply.status() == 200 ? "already existed" : "accepted",
                        view.path("state").asString());
            } else {
                ctx.out.print(output.render(view, Views::domain));
            }
            return ExitCode.OK;
        }
        return follow(api, id, Goal.RUNNING, plain, waitFor);
    }

    @Command(
            name = "ls",
            mixinStandardHelpOptions = true,
            description = "List domains (every page), oldest first.")
    void list(
            @Option(names = "--state", paramLabel = "STATE", description = "e.g. RUNNING, CREATING")
                    String state,
            @Option(names = "--host", paramLabel = "HOST", description = "only on this host")
                    String host,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, json or yaml")
                    Format output) {
        ApiClient api = ctx.api();
        ArrayNode all = Answers.mapper().createArrayNode();
        StringBuilder filter = new StringBuilder();
        if (state != null) {
            filter.append("&state=").append(encode(state));
        }
        if (host != null) {
            filter.append("&host=").append(encode(host));
        }
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode answer =
                    Answers.json(
                            api.require2xx(
                                    api.get(
                                            "/api/v1/domains?page="
                                                    + page
                                                    + "&size="
                                                    + PAGE_SIZE
                                                    + filter,
                                            "application/json")));
            JsonNode items = answer.path("items");
            items.forEach(all::add);
            if (items.size() < PAGE_SIZE || all.size() >= answer.path("total").asLong(0)) {
                break;
            }
        }
        ctx.out.print(output.render(all, n -> Views.domains(n, ctx.clock.instant())));
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show one domain and its steps.")
    void get(
            @Parameters(paramLabel = "ID") String id,
            @Option(
                            names = "--as-of",
                            paramLabel = "INSTANT",
                            description = "as it was then (ISO-8601, e.g. 2026-12-02T14:02:00Z)")
                    String asOf,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, json or yaml")
                    Format output) {
        ApiClient api = ctx.api();
        String path =
                asOf == null
                        ? domainPath(id)
                        : domainPath(id)
                                + "?asOf="
                                + java.net.URLEncoder.encode(asOf, StandardCharsets.UTF_8);
        JsonNode view = Answers.json(api.require2xx(api.get(path, "application/json")));
        ctx.out.print(output.render(view, Views::domain));
    }

    @Command(
            name = "events",
            mixinStandardHelpOptions = true,
            description = "A domain's history, in order.")
    void events(
            @Parameters(paramLabel = "ID") String id,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FORMAT",
                            defaultValue = "table",
                            description = "table, json or yaml")
                    Format output) {
        ApiClient api = ctx.api();
        JsonNode events =
                Answers.json(
                        api.require2xx(api.get(domainPath(id) + "/events", "application/json")));
        ctx.out.print(output.render(events, Views::events));
    }

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = {
                "Follow a domain live until it is RUNNING, FAILED or DESTROYED.",
                "Exit 0 for RUNNING or DESTROYED, 1 for FAILED."
            },
            footer = ExitCode.HELP)
    int watch(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--plain", description = "one line per change, no live display")
                    boolean plain,
            @Option(
                            names = "--timeout",
                            paramLabel = "DURATION",
                            defaultValue = "30m",
                            description = "give up after this long (default 30m)")
                    String timeout) {
        return follow(ctx.api(), checkId(id), Goal.SETTLED, plain, duration(timeout));
    }

    @Command(
            name = "describe-guest",
            mixinStandardHelpOptions = true,
            description = "The domain's stored guest description, as DTS (default), JSON or DTB.")
    void describeGuest(
            @Parameters(paramLabel = "ID") String id,
            @Option(
                            names = "--format",
                            paramLabel = "FORMAT",
                            defaultValue = "dts",
                            description = "dts, json or dtb")
                    DescriptionFormat format,
            @Option(
                            names = {"-o", "--output"},
                            paramLabel = "FILE",
                            description = "write it to FILE (needed for dtb on a terminal)")
                    Path outFile) {
        if (format == DescriptionFormat.dtb && outFile == null && ctx.terminal) {
            throw new CliException(
                    ExitCode.USAGE, "error: a DTB is binary: give -o FILE or redirect stdout");
        }
        ApiClient api = ctx.api();
        var reply = api.require2xx(api.get(domainPath(id) + "/description", format.mediaType));
        try {
            if (outFile != null) {
                Files.write(outFile, reply.body());
            } else {
                ctx.out.write(reply.body());
                ctx.out.flush();
            }
        } catch (IOException e) {
            throw new CliException(
                    ExitCode.FAILED, "error: cannot write " + outFile + ": " + e.getMessage());
        }
    }

    @Command(
            name = "rm",
            mixinStandardHelpOptions = true,
            description = {
                "Destroy a domain (the destroy plan runs on its host).",
                "With --wait, follow it until DESTROYED."
            },
            footer = ExitCode.HELP)
    int remove(
            @Parameters(paramLabel = "ID") String id,
            @Option(names = "--wait", description = "follow the destruction until it ends")
                    boolean wait,
            @Option(names = "--plain", description = "one line per change, no live display")
                    boolean plain,
            @Option(
                            names = "--timeout",
                            paramLabel = "DURATION",
                            defaultValue = "30m",
                            description = "how long --wait waits (default 30m)")
                    String timeout) {
        Duration waitFor = duration(timeout);
        ApiClient api = ctx.api();
        JsonNode view = Answers.json(api.require2xx(api.delete(domainPath(id))));
        if (!wait) {
            ctx.out.printf(
                    "domain %s: destroy requested (%s)%n",
                    view.path("id").asString(), view.path("state").asString());
            return ExitCode.OK;
        }
        return follow(api, view.path("id").asString(), Goal.GONE, plain, waitFor);
    }

    private int follow(ApiClient api, String id, Goal goal, boolean plain, Duration timeout) {
        Display display = ctx.display(plain);
        DomainFollower.Outcome outcome;
        try {
            outcome = new DomainFollower(api, display, ctx.clock, timeout).follow(id, goal);
        } finally {
            display.close();
        }
        if (outcome.success()) {
            ctx.out.println(outcome.state());
            return ExitCode.OK;
        }
        String reason = outcome.view().path("failureReason").asString("");
        ctx.err.println(
                "error: domain "
                        + id
                        + " is "
                        + outcome.state()
                        + (reason.isBlank() ? "" : ": " + oneLine(reason)));
        return ExitCode.FAILED;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\p{Cntrl}", " ");
    }

    /**
     * The error a refused body stands for: an invalid one (exit 1) rendered with each problem at
     * its place in {@code source}, anything else as the API said.
     */
    static RuntimeException invalidInput(ApiClient api, Reply reply, String source) {
        ApiException e = api.failure(reply);
        if (e.exitCode() == ExitCode.FAILED) {
            return new CliException(ExitCode.FAILED, ProblemText.render(e.problem(), source));
        }
        return e;
    }

    static byte[] readDescription(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_DESCRIPTION_BYTES + 1);
            if (bytes.length > MAX_DESCRIPTION_BYTES) {
                throw new CliException(
                        ExitCode.USAGE,
                        "error: " + file + " is over 1 MiB, more than the API accepts");
            }
            return bytes;
        } catch (IOException e) {
            throw new CliException(
                    ExitCode.USAGE, "error: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String domainPath(String id) {
        return "/api/v1/domains/" + checkId(id);
    }

    /** A domain id goes into a URL path: anything but a UUID's characters is refused here. */
    static String checkId(String id) {
        if (!id.matches("[0-9a-fA-F-]{1,64}")) {
            throw new CliException(
                    ExitCode.USAGE, "error: not a domain id (a UUID): " + oneLine(id));
        }
        return id;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** {@code 90s}, {@code 15m}, {@code 2h} or ISO-8601 ({@code PT1H}). */
    static Duration duration(String text) {
        try {
            var m = java.util.regex.Pattern.compile("(\\d{1,6})([smh])").matcher(text);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new DateTimeParseException("not positive", text, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new CliException(
                    ExitCode.USAGE, "error: --timeout must be like 90s, 10m, 2h or PT1H: " + text);
        }
    }
}
