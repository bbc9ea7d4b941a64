package io.slipway.orchestrator.web;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.dts.DtsCompiler;
import io.slipway.devicetree.fdt.FdtWriter;
import io.slipway.devicetree.guest.DescriptionFormat;
import io.slipway.devicetree.guest.GuestDescriptions;
import io.slipway.devicetree.guest.ValidGuest;
import io.slipway.orchestrator.audit.Audited;
import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.orchestrator.security.CurrentActor;
import io.slipway.orchestrator.templates.GuestTemplate;
import io.slipway.orchestrator.templates.GuestTemplates;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/templates}: named guest templates, each version stored once and never changed. A
 * template is itself a valid guest description; DTS is compiled as {@code dtc -@} would, so its
 * labels stay targetable by overlays ({@code __symbols__}), and a DTB is kept as sent
 * (canonicalised).
 */
@RestController
@RequestMapping("/api/v1/templates")
class TemplateController {
    private final GuestTemplates templates;
    private final CurrentActor actors;

    TemplateController(GuestTemplates templates, CurrentActor actors) {
        this.templates = templates;
        this.actors = actors;
    }

    /** A template and its versions, oldest first. */
    public record TemplateView(
            String name, int latestVersion, List<GuestTemplate.Summary> versions) {}

    /**
     * Registers the body (DTS as text/plain, DTB as application/octet-stream) as the next version
     * of {@code name}: 201 with the new version, or 200 with the latest one when the content equals
     * it (so a repeated PUT adds nothing).
     */
    @PutMapping(value = "/{name}", consumes = MediaType.ALL_VALUE)
    @Audited("template.register")
    public ResponseEntity<GuestTemplate.Summary> register(
            @PathVariable String name, HttpServletRequest request)
            throws IOException, DeviceTreeException {
        checkName(name);
        DescriptionFormat format = RequestBodies.formatOf(request.getContentType());
        if (format == DescriptionFormat.JSON) {
            throw new ApiException(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "a template is DTS (text/plain) or DTB (application/octet-stream): JSON"
                            + " descriptions carry no labels for overlays to target");
        }
        byte[] body = RequestBodies.readBounded(request);
        ValidGuest guest = validTemplate(name, body, format);
        GuestTemplates.Registered registered =
                templates.register(
                        name, guest.canonicalDtb(), guest.sha256Hex(), actors.get().subject());
        GuestTemplate.Summary summary = registered.template().summary();
        URI location = URI.create("/api/v1/templates/" + name + "/versions/" + summary.version());
        return ResponseEntity.status(registered.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(location)
                .body(summary);
    }

    @GetMapping
    public List<GuestTemplate.Summary> list() {
        return templates.latestOfEach();
    }

    @GetMapping("/{name}")
    public TemplateView get(@PathVariable String name) {
        checkName(name);
        List<GuestTemplate.Summary> versions = templates.versions(name);
        if (versions.isEmpty()) {
            throw ApiException.notFound("template " + name);
        }
        return new TemplateView(name, versions.get(versions.size() - 1).version(), versions);
    }

    /** One version's description: DTS for {@code Accept: text/plain}, else the stored DTB. */
    @GetMapping("/{name}/versions/{version}")
    public ResponseEntity<?> version(
            @PathVariable String name,
            @PathVariable String version,
            @RequestHeader(name = "Accept", required = false) String accept)
            throws DeviceTreeException {
        checkName(name);
        int number = RequestParameters.positiveInt("version", version);
        GuestTemplate template =
                templates
                        .version(name, number)
                        .orElseThrow(
                                () ->
                                        ApiException.notFound(
                                                "template " + name + " version " + version));
        if (accept != null && accept.contains(MediaType.TEXT_PLAIN_VALUE)) {
            return ResponseEntity.ok()
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(GuestDescriptions.toDts(template.dtb()));
        }
        if (accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE)) {
            return ResponseEntity.ok().body(template.summary());
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(template.dtb());
    }

    private static ValidGuest validTemplate(String name, byte[] body, DescriptionFormat format)
            throws DeviceTreeException {
        if (format == DescriptionFormat.DTB) {
            return GuestDescriptions.read(body, format, name + ".dtb");
        }
        // validated as plain DTS first, so that schema problems come with line:column
        GuestDescriptions.read(body, format, name + ".dts");
        byte[] withSymbols =
                FdtWriter.write(
                        DtsCompiler.compileWithSymbols(
                                new String(body, StandardCharsets.UTF_8), name + ".dts"));
        return GuestDescriptions.read(withSymbols, DescriptionFormat.DTB, name + ".dts");
    }

    private static void checkName(String name) {
        if (!GuestTemplates.NAME.matcher(name).matches()) {
            throw new ApiException(
                    ProblemType.INVALID_TEMPLATE_NAME,
                    "a template name is 1-64 lowercase letters, digits and dashes, not \""
                            + (name.length() > 80 ? name.substring(0, 80) + "..." : name)
                            + "\"");
        }
    }
}
