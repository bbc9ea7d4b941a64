package io.slipway.orchestrator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is generated ({@link ConfigurationReference}) and checked in: this
 * test fails when it differs from what the metadata gives now, and rewrites it when run with {@code
 * -Dslipway.regenerate-docs=true}.
 */
class ConfigurationReferenceTests {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final String REGENERATE =
            "mvn -o -pl orchestrator-service test -Dtest=ConfigurationReferenceTests"
                    + " -Dslipway.regenerate-docs=true";

    private final ConfigurationReference reference = ConfigurationReference.fromClasspath();

    @Test
    void theCheckedInReferenceIsWhatTheMetadataGives() throws IOException {
        String generated = reference.render();
        if (Boolean.getBoolean("slipway.regenerate-docs")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        String checkedIn = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        assertThat(checkedIn)
                .as("docs/configuration.md is out of date; regenerate it with: " + REGENERATE)
                .isEqualTo(generated);
    }

    /**
     * A key read with {@code @Value} or in a {@code @Scheduled} expression has no metadata unless
     * someone writes it: this finds every {@code ${slipway.…}} the code reads.
     */
    @Test
    void everySlipwayKeyTheCodeReadsHasMetadataWithADescription() throws IOException {
        Set<String> read = new TreeSet<>();
        Pattern key = Pattern.compile("\\$\\{(slipway\\.[a-z0-9.-]+)[:}]");
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = key.matcher(Files.readString(f));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        assertThat(read).isNotEmpty();
        assertThat(read).allMatch(reference::describes, "described in the metadata");
        assertThat(reference.slipwayProperties())
                .allMatch(p -> !p.description().isBlank(), "has a description")
                .allMatch(p -> !p.type().isBlank(), "has a type");
    }

    @Test
    void theEnvironmentVariablesTheReadmeNamesAreInTheReference() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String doc = reference.render();
        Matcher m = Pattern.compile("`(S(?:LIPWAY|PRING)_[A-Z0-9_]+)`").matcher(readme);
        Set<String> named = new TreeSet<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).isNotEmpty();
        assertThat(named).allMatch(v -> doc.contains("`" + v + "`"), "listed in the reference");
    }
}
