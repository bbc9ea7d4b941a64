package io.slipway.cli;

import io.slipway.cli.api.ApiClient;
import io.slipway.cli.render.Format;
import io.slipway.cli.render.Views;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code templates put|ls|get|show}: guest templates that creations compose from. */
@Command(
        name = "templates",
        mixinStandardHelpOptions = true,
        description = "Register and read guest templates (docs/templates.md).",
        footer = ExitCode.HELP)
final class TemplatesCommand {
    private final Context ctx;

    TemplatesCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Command(
            name = "put",
            mixinStandardHelpOptions = true,
            description = {
                "Register FILE (DTS or DTB, a valid guest) as the next version of NAME.",
                "The same content as the latest version adds nothing."
            })
    void put(
            @Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1", paramLabel = "FILE") Path file,
            @Mixin HostsCommand.Output o) {
        DomainsCommand.DescriptionFormat format = DomainsCommand.DescriptionFormat.ofFile(file);
        if (format == DomainsCommand.DescriptionFormat.json) {
            throw new CliException(
                    ExitCode.USAGE, "error: a template is DTS or DTB (JSON has no labels)");
        }
        ApiClient api = ctx.api();
        var reply =
                api.put(templatePath(name), format.mediaType, DomainsCommand.readDescription(file));
        if (!reply.ok()) {
            throw DomainsCommand.invalidInput(api, reply, file.toString());
        }
        JsonNode version = Answers.json(reply);
        if (o.format == Format.table) {
            ctx.out.printf(
                    "template %s version %s %s%n",
                    name,
                    version.path("version").asString(),
                    reply.status() == 201 ? "registered" : "unchanged (same as the latest)");
        } else {
            ctx.out.print(o.format.render(version, v -> Views.templates(List.of(v))));
        }
    }

    @Command(
            name = "ls",
            mixinStandardHelpOptions = true,
            description = "Every template, its latest version.")
    void list(@Mixin HostsCommand.Output o) {
        ctx.out.print(o.format.render(get("/api/v1/templates"), Views::templates));
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "A template's versions.")
    void show(@Parameters(paramLabel = "NAME") String name, @Mixin HostsCommand.Output o) {
        ctx.out.print(
                o.format.render(get(templatePath(name)), t -> Views.templates(t.path("versions"))));
    }

    @Command(
            name = "describe",
            mixinStandardHelpOptions = true,
            description = "One version as DTS (with its __symbols__).")
    void describe(
            @Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1", paramLabel = "VERSION") int version) {
        ApiClient api = ctx.api();
        var reply =
                api.require2xx(api.get(templatePath(name) + "/versions/" + version, "text/plain"));
        ctx.out.print(new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private JsonNode get(String path) {
        ApiClient api = ctx.api();
        return Answers.json(api.require2xx(api.get(path, "application/json")));
    }

    /** A template name goes into a URL path: only its own characters are let through. */
    static String templatePath(String name) {
        if (!name.matches("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")) {
            throw new CliException(
                    ExitCode.USAGE,
                    "error: not a template name (1-64 of [a-z0-9-]): "
                            + name.replaceAll("\\p{Cntrl}", " "));
        }
        return "/api/v1/templates/" + name;
    }
}
