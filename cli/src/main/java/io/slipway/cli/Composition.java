package io.slipway.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The body of a creation composed from a template and overlays (docs/templates.md). */
final class Composition {
    static final String MEDIA_TYPE = "application/vnd.slipway.composition+json";

    private Composition() {}

    /** {@code NAME[:VERSION]} and the overlay files, in order, as the API's JSON. */
    static byte[] body(String template, List<Path> overlays) {
        if (overlays == null || overlays.isEmpty()) {
            throw new CliException(
                    ExitCode.USAGE,
                    "error: --template needs at least one --overlay (to create from the template"
                            + " alone, save it with `templates describe` and create from that)");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        int colon = template.lastIndexOf(':');
        if (colon >= 0) {
            request.put("template", template.substring(0, colon));
            request.put("version", version(template.substring(colon + 1)));
        } else {
            request.put("template", template);
        }
        List<Map<String, String>> entries = new ArrayList<>();
        for (Path overlay : overlays) {
            byte[] content = DomainsCommand.readDescription(overlay);
            String name = overlay.getFileName().toString();
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", name);
            if (name.toLowerCase(Locale.ROOT).endsWith(".dts")) {
                entry.put("dts", new String(content, StandardCharsets.UTF_8));
            } else {
                entry.put("dtbo", Base64.getEncoder().encodeToString(content));
            }
            entries.add(entry);
        }
        request.put("overlays", entries);
        return Answers.mapper().writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
    }

    private static int version(String text) {
        try {
            int v = Integer.parseInt(text);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new CliException(
                ExitCode.USAGE, "error: --template NAME:VERSION needs a version >= 1, not " + text);
    }
}
