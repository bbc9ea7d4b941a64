package io.slipway.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real CLI (its main, in this JVM) against a real dev stack ({@link DevStack}: PostgreSQL,
 * Kafka, the orchestrator and two simulated hosts as processes).
 */
@ExtendWith(DevStack.Extension.class)
class CliIntegrationTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Map<String, String> env(DevStack stack) {
        return Map.of(
                "SLIPWAY_API", stack.api(), "SLIPWAY_TOKEN", stack.token(), "HOME", "/nonexistent");
    }

    private static CliRun ok(DevStack stack, String... args) {
        CliRun r = CliRun.run(env(stack), args);
        assertThat(r.exit()).as("%s%n%s", List.of(args), r).isZero();
        return r;
    }

    private static void awaitHostsUp(DevStack stack) {
        await("two hosts UP")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            CliRun r = CliRun.run(env(stack), "hosts", "ls", "-o", "json");
                            if (r.exit() != 0) {
                                return false;
                            }
                            int up = 0;
                            for (JsonNode h : JSON.readTree(r.out())) {
                                up += h.path("state").asString().equals("UP") ? 1 : 0;
                            }
                            return up >= 2;
                        });
    }

    @Test
    void createWaitListGetEventsDescribeDrainUndrainRebuildAndRemoveWait(DevStack stack)
            throws Exception {
        awaitHostsUp(stack);
        String file = DevStack.examples().resolve("tiny-pvh.dts").toString();

        CliRun created =
                ok(
                        stack,
                        "domains",
                        "create",
                        file,
                        "--wait",
                        "--plain",
                        "--idempotency-key",
                        "cli-it-1");
        assertThat(created.out())
                .contains(
                        "POPULATE_MEMORY STARTED",
                        "POPULATE_MEMORY SUCCEEDED",
                        "state CREATING -> RUNNING")
                .endsWith("RUNNING\n");

        var header =
                java.util.regex.Pattern.compile(
                                "domain ([0-9a-f-]{36}) \\(tiny-01\\)  \\S+ on (\\S+)")
                        .matcher(created.out());
        assertThat(header.find()).as(created.out()).isTrue();
        String id = header.group(1);
        JsonNode listed = JSON.readTree(ok(stack, "domains", "ls", "-o", "json").out());
        assertThat(listed.findValuesAsString("id")).contains(id);
        String host = header.group(2);
        assertThat(ok(stack, "domains", "ls", "--state", "RUNNING", "--host", host).out())
                .startsWith("ID ")
                .contains(id, "tiny-01", "RUNNING", host);
        assertThat(ok(stack, "domains", "ls", "--state", "FAILED").out()).doesNotContain(id);

        assertThat(ok(stack, "domains", "get", id).out())
                .contains("state:             RUNNING")
                .containsPattern("POPULATE_MEMORY\\s+SUCCEEDED\\s+1\\s+100%");
        assertThat(ok(stack, "domains", "get", id, "-o", "yaml").out())
                .contains("\nstate: RUNNING\n", "\nname: tiny-01\n", "- name: POPULATE_MEMORY\n");
        assertThat(ok(stack, "domains", "events", id).out())
                .contains(
                        "DomainRequested",
                        "StepSucceeded      step=POPULATE_MEMORY",
                        "CreationSucceeded");
        assertThat(ok(stack, "domains", "describe-guest", id).out())
                .contains("slipway,name = \"tiny-01\";");
        assertThat(
                        JSON.readTree(
                                        ok(
                                                        stack,
                                                        "domains",
                                                        "describe-guest",
                                                        id,
                                                        "--format",
                                                        "json")
                                                .out())
                                .isObject())
                .isTrue();

        // the same key and description again: the same domain, answered 200
        assertThat(ok(stack, "domains", "create", file, "--idempotency-key", "cli-it-1").out())
                .isEqualTo("domain " + id + " already existed (RUNNING)\n");

        assertThat(ok(stack, "hosts", "ls").out()).contains(host, "UP");
        assertThat(ok(stack, "hosts", "drain", host).out()).containsPattern(host + "\\s+UP\\s+yes");
        assertThat(
                        JSON.readTree(ok(stack, "hosts", "get", host, "-o", "json").out())
                                .path("draining")
                                .asBoolean())
                .isTrue();
        assertThat(ok(stack, "hosts", "undrain", host).out())
                .containsPattern(host + "\\s+UP\\s+no");
        assertThat(ok(stack, "hosts", "inventory", host).out()).contains("owned", id);
        assertThat(ok(stack, "hosts", "reaps", host).out()).startsWith("ID ");

        assertThat(ok(stack, "domains", "watch", id, "--plain").out())
                .as("a running domain has settled: watch shows it and ends")
                .contains("(tiny-01)  RUNNING on " + host)
                .endsWith("RUNNING\n");
        CliRun noSuchCopy =
                CliRun.run(
                        env(stack),
                        "hosts",
                        "reap",
                        host,
                        UUID.randomUUID().toString(),
                        "--reason",
                        "test");
        assertThat(noSuchCopy.exit()).as("%s", noSuchCopy).isEqualTo(4);
        assertThat(noSuchCopy.err()).startsWith("error: not found: ").hasLineCount(1);

        assertThat(ok(stack, "admin", "rebuild", "--dry-run").out())
                .startsWith("dry run: ")
                .contains("domains, read model identical");

        // the domain as it was before it existed, and now
        CliRun before =
                CliRun.run(env(stack), "domains", "get", id, "--as-of", "2000-01-01T00:00:00Z");
        assertThat(before.exit()).as("%s", before).isEqualTo(4);
        assertThat(
                        JSON.readTree(
                                        ok(
                                                        stack,
                                                        "domains",
                                                        "get",
                                                        id,
                                                        "--as-of",
                                                        java.time.Instant.now().toString(),
                                                        "-o",
                                                        "json")
                                                .out())
                                .path("state")
                                .asString())
                .isEqualTo("RUNNING");

        // export to a file: whole, its end line's checksum over every line before it
        java.nio.file.Path export = java.nio.file.Files.createTempFile("slipway-export", ".ndjson");
        ok(stack, "admin", "export", "-o", export.toString());
        List<String> lines = java.nio.file.Files.readAllLines(export);
        assertThat(JSON.readTree(lines.get(0)).path("format").asString())
                .isEqualTo("slipway-export");
        JsonNode end = JSON.readTree(lines.get(lines.size() - 1));
        var sha = java.security.MessageDigest.getInstance("SHA-256");
        for (String line : lines.subList(0, lines.size() - 1)) {
            sha.update((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(end.path("sha256").asString())
                .isEqualTo(java.util.HexFormat.of().formatHex(sha.digest()));
        // this installation is not empty: the import is refused, and says why
        CliRun imported = CliRun.run(env(stack), "admin", "import", export.toString());
        assertThat(imported.exit()).as("%s", imported).isEqualTo(1);
        assertThat(imported.err()).contains("not empty").hasLineCount(1);

        CliRun removed = ok(stack, "domains", "rm", id, "--wait", "--plain");
        // the answer to DELETE is already DESTROYING: the destroy plan's steps follow
        assertThat(removed.out())
                .contains(
                        "(tiny-01)  DESTROYING on " + host,
                        "KILL_DOMAIN SUCCEEDED",
                        "state DESTROYING -> DESTROYED")
                .endsWith("DESTROYED\n");
        assertThat(ok(stack, "domains", "get", id, "-o", "json").out()).contains("\"DESTROYED\"");
    }

    @Test
    void aTemplateIsRegisteredAndADomainComposedFromItAndAnOverlayRuns(DevStack stack) {
        awaitHostsUp(stack);
        Path templates = DevStack.examples().resolve("templates");
        String template = templates.resolve("small-pvh.dts").toString();

        assertThat(ok(stack, "templates", "put", "small-pvh", template).out())
                .isEqualTo("template small-pvh version 1 registered\n");
        assertThat(ok(stack, "templates", "put", "small-pvh", template).out())
                .contains("version 1 unchanged");
        assertThat(ok(stack, "templates", "ls").out()).contains("small-pvh");
        assertThat(ok(stack, "templates", "describe", "small-pvh", "1").out())
                .contains("__symbols__");

        CliRun created =
                ok(
                        stack,
                        "domains",
                        "create",
                        "--template",
                        "small-pvh:1",
                        "--overlay",
                        templates.resolve("web-01.dts").toString(),
                        "--wait",
                        "--plain");
        assertThat(created.out()).contains("RUNNING");
        JsonNode domains = JSON.readTree(ok(stack, "domains", "ls", "-o", "json").out());
        assertThat(domains.toString()).contains("web-01");

        CliRun unknown =
                CliRun.run(
                        env(stack),
                        "domains",
                        "create",
                        "--template",
                        "no-such-template",
                        "--overlay",
                        templates.resolve("web-01.dts").toString());
        assertThat(unknown.exit()).as("%s", unknown).isNotZero();
        assertThat(unknown.err()).contains("no template is named no-such-template");
    }

    @Test
    void anInvalidDescriptionShowsEveryErrorAtItsLineAndColumnAndExitsOne(DevStack stack)
            throws Exception {
        Path file = DevStack.examples().resolve("invalid-many-errors.dts");
        CliRun r = CliRun.run(env(stack), "domains", "create", file.toString(), "--wait");

        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        List<String> lines = r.err().lines().toList();
        assertThat(lines.get(0)).isEqualTo("error: Invalid guest description (400): 18 error(s)");
        // one line per expected error, each at a line:column of the file
        List<String> expected =
                Files.readAllLines(DevStack.examples().resolve("invalid-many-errors.expected"))
                        .stream()
                        .filter(l -> !l.startsWith("#") && !l.isBlank())
                        .toList();
        assertThat(lines).hasSize(1 + expected.size());
        assertThat(lines.subList(1, lines.size()))
                .allSatisfy(
                        l ->
                                assertThat(l)
                                        .matches(
                                                "  "
                                                        + java.util.regex.Pattern.quote(
                                                                file.toString())
                                                        + ":\\d+:\\d+: .+"));
        assertThat(r.err())
                .contains(file + ":22:42: /domain/vcpu1 id: duplicate vCPU id 0")
                .contains(file + ":10:9: /domain domain-uuid: length 8, expected 16")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void refusalsAreOneClearLineWithTheirExitCodes(DevStack stack) {
        CliRun badToken =
                CliRun.run(
                        Map.of("SLIPWAY_API", stack.api(), "SLIPWAY_TOKEN", "not-a-jwt"),
                        "hosts",
                        "ls");
        assertThat(badToken.exit()).isEqualTo(3);
        assertThat(badToken.err())
                .startsWith("error: the API refused the token from SLIPWAY_TOKEN (401)");
        assertThat(badToken.err().lines()).hasSize(1);

        CliRun missing = CliRun.run(env(stack), "domains", "get", UUID.randomUUID().toString());
        assertThat(missing.exit()).isEqualTo(4);
        assertThat(missing.err()).startsWith("error: not found: ").hasLineCount(1);

        CliRun unreachable =
                CliRun.run(
                        Map.of("SLIPWAY_TOKEN", "x"), "--api", "http://127.0.0.1:1", "hosts", "ls");
        assertThat(unreachable.exit()).isEqualTo(3);
        assertThat(unreachable.err())
                .isEqualTo(
                        "error: the API at http://127.0.0.1:1 connection refused (is the orchestrator running?)\n");

        CliRun usage = CliRun.run(env(stack), "domains", "create");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err())
                .isEqualTo("error: give FILE, or --template NAME with --overlay FILE\n");
    }
}
