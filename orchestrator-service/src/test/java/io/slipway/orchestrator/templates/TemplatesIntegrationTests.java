package io.slipway.orchestrator.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.devicetree.guest.DescriptionFormat;
import io.slipway.devicetree.guest.GuestDescriptions;
import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Templates and guests composed from a template plus overlays, through the API, against the real
 * {@code dtc} and {@code fdtoverlay}: the stored description of a composed guest is what {@code
 * fdtoverlay} makes of the same template and overlay.
 */
class TemplatesIntegrationTests extends IntegrationTestBase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COMPOSITION = "application/vnd.slipway.composition+json";

    /** A small PVH guest whose domain and disks carry labels for overlays to target. */
    private static String template(String uuidByte, String name) {
        return """
                /dts-v1/;
                / {
                    compatible = "slipway,guest-v1";
                    dom: domain {
                        compatible = "xen,domain";
                        domain-uuid = [%s 2a 9c 10 5b 7e 4d 21 a0 c4 11 22 33 44 55 66];
                        slipway,name = "%s";
                        slipway,arch = "x86_64";
                        slipway,guest-type = "pvh";
                        memory = <0x0 0x80000>;
                        cpus = <1>;
                        kernel {
                            compatible = "multiboot,kernel", "multiboot,module";
                            slipway,artifact = "sha256:9b1c2e4f0d3a5b6c7d8e9f00112233445566778899aabbccddeeff0011223344";
                            bootargs = "console=hvc0 root=/dev/xvda1 ro";
                        };
                        disks: disks {
                            #address-cells = <1>;
                            #size-cells = <0>;
                            vbd@0 {
                                compatible = "slipway,vbd";
                                reg = <0>;
                                slipway,vdev = "xvda";
                                slipway,volume = "vol-7f3e";
                                slipway,mode = "rw";
                                slipway,bootable;
                            };
                        };
                    };
                };
                """
                .formatted(uuidByte, name);
    }

    /** This instance's identity, twice the memory and a data disk. */
    private static final String INSTANCE_OVERLAY =
            """
            /dts-v1/;
            /plugin/;
            &dom {
                domain-uuid = [7c 2a 9c 10 5b 7e 4d 21 a0 c4 11 22 33 44 55 01];
                slipway,name = "composed-01";
                memory = <0x0 0x100000>;
            };
            &disks {
                vbd@1 {
                    compatible = "slipway,vbd";
                    reg = <1>;
                    slipway,vdev = "xvdb";
                    slipway,volume = "vol-data";
                    slipway,mode = "ro";
                };
            };
            """;

    private Api operator() {
        return api.as("operator", null);
    }

    private Api.Response put(String name, String dts) {
        return operator()
                .send(
                        "PUT",
                        "/api/v1/templates/" + name,
                        dts.getBytes(StandardCharsets.UTF_8),
                        Map.of("Content-Type", "text/plain"));
    }

    private Api.Response compose(
            String template, Integer version, List<Map<String, Object>> overlays) {
        return compose(template, version, overlays, Map.of());
    }

    private Api.Response compose(
            String template,
            Integer version,
            List<Map<String, Object>> overlays,
            Map<String, String> headers) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("template", template);
        if (version != null) {
            body.put("version", version);
        }
        body.put("overlays", overlays);
        return api.post(
                "/api/v1/domains",
                COMPOSITION,
                JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8),
                headers);
    }

    @Test
    void versionsAreAddedOnlyForNewContentAndNeverChange() {
        var first = put("small", template("3f", "small-01"));
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        assertThat(first.json().path("version").asInt()).isEqualTo(1);
        assertThat(first.location()).endsWith("/api/v1/templates/small/versions/1");

        var again = put("small", template("3f", "small-01"));
        assertThat(again.status()).as("the same content again adds nothing").isEqualTo(200);
        assertThat(again.json().path("version").asInt()).isEqualTo(1);

        var second = put("small", template("3f", "small-02"));
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().path("version").asInt()).isEqualTo(2);

        JsonNode listed = api.get("/api/v1/templates/small").json();
        assertThat(listed.path("latestVersion").asInt()).isEqualTo(2);
        assertThat(listed.path("versions")).hasSize(2);
        assertThat(api.get("/api/v1/templates").json().toString()).contains("\"small\"");

        String dts = api.get("/api/v1/templates/small/versions/1", "text/plain").text();
        assertThat(dts)
                .as("labels are kept for overlays, as dtc -@ keeps them")
                .contains("__symbols__", "dom = \"/domain\"", "disks = \"/domain/disks\"")
                .contains("small-01");

        assertThatThrownBy(
                        () ->
                                jdbc.sql("update guest_template set created_by = 'someone else'")
                                        .update())
                .as("a stored version is immutable at the database: the runtime role may not")
                .rootCause()
                .hasMessageContaining("permission denied");
    }

    @Test
    void templatesAreCheckedAndOnlyOperatorsRegisterThem() {
        var invalid =
                put(
                        "broken",
                        template("3f", "broken-01").replace("cpus = <1>;", "cpus = \"one\";"));
        assertThat(invalid.status()).as(invalid.text()).isEqualTo(400);
        assertThat(invalid.json().path("errors").get(0).path("text").asString())
                .as("a schema problem at its line:column")
                .startsWith("broken.dts:11:");

        var badName = put("Not_A_Name", template("3f", "x"));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().path("type").asString()).endsWith("/invalid-template-name");

        var byTenant =
                api.as("tenant", "acme")
                        .send(
                                "PUT",
                                "/api/v1/templates/mine",
                                template("3f", "x").getBytes(StandardCharsets.UTF_8),
                                Map.of("Content-Type", "text/plain"));
        assertThat(byTenant.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/templates/mine").status()).isEqualTo(404);
    }

    @Test
    void aGuestComposedFromATemplateAndAnOverlayRunsAndIsWhatFdtoverlayMakes(@TempDir Path dir)
            throws Exception {
        startAgent();
        awaitHostsUp(1);
        assertThat(put("base", template("3f", "base-01")).status()).isEqualTo(201);

        var created =
                compose(
                        "base",
                        null,
                        List.of(Map.of("name", "instance.dts", "dts", INSTANCE_OVERLAY)),
                        Map.of("Idempotency-Key", "composed-01"));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        String id = created.json().path("id").asString();
        JsonNode running = awaitState(id, "RUNNING", Duration.ofSeconds(60));
        assertThat(running.path("name").asString()).isEqualTo("composed-01");

        // the same inputs through the real tools
        Path base =
                Files.write(
                        dir.resolve("base.dtb"), api.bytes("/api/v1/templates/base/versions/1"));
        Path overlaySource = Files.writeString(dir.resolve("instance.dts"), INSTANCE_OVERLAY);
        Path overlay = dir.resolve("instance.dtbo");
        run(
                "dtc",
                "-@",
                "-I",
                "dts",
                "-O",
                "dtb",
                "-o",
                overlay.toString(),
                overlaySource.toString());
        Path out = dir.resolve("out.dtb");
        run("fdtoverlay", "-i", base.toString(), "-o", out.toString(), overlay.toString());
        byte[] byFdtoverlay = Files.readAllBytes(out);
        byte[] stored = api.bytes("/api/v1/domains/" + id + "/description");
        assertThat(stored)
                .as(
                        "the stored description is fdtoverlay's result, canonicalised as every stored description is")
                .isEqualTo(
                        GuestDescriptions.read(byFdtoverlay, DescriptionFormat.DTB, "fdtoverlay")
                                .canonicalDtb());

        JsonNode requested = api.get("/api/v1/domains/" + id + "/events").json().get(0);
        JsonNode composition = requested.path("payload").path("composition");
        assertThat(composition.path("template").asString()).isEqualTo("base");
        assertThat(composition.path("templateVersion").asInt()).isEqualTo(1);
        assertThat(composition.path("overlays").get(0).path("name").asString())
                .isEqualTo("instance.dts");
        assertThat(composition.path("overlays").get(0).path("sha256").asString())
                .isEqualTo(GuestDescriptions.sha256Hex(Files.readAllBytes(overlay)));

        // the compiled overlay composes the same guest: the same key answers with the same domain
        var asDtbo =
                compose(
                        "base",
                        1,
                        List.of(
                                Map.of(
                                        "name",
                                        "instance.dtbo",
                                        "dtbo",
                                        Base64.getEncoder()
                                                .encodeToString(Files.readAllBytes(overlay)))),
                        Map.of("Idempotency-Key", "composed-01"));
        assertThat(asDtbo.status()).as(asDtbo.text()).isEqualTo(200);
        assertThat(asDtbo.json().path("id").asString()).isEqualTo(id);
    }

    @Test
    void errorsPointIntoTheOverlayThatCausedThem() {
        assertThat(put("errs", template("4f", "errs-01")).status()).isEqualTo(201);

        var syntax =
                compose(
                        "errs",
                        null,
                        List.of(
                                Map.of(
                                        "name",
                                        "typo.dts",
                                        "dts",
                                        "/dts-v1/;\n/plugin/;\n&dom {\n  memory = <0x0 0x100000>\n};\n")));
        assertThat(syntax.status()).as(syntax.text()).isEqualTo(400);
        assertThat(syntax.json().path("errors").get(0).path("text").asString())
                .startsWith("typo.dts:5:");

        var schema =
                compose(
                        "errs",
                        null,
                        List.of(
                                Map.of(
                                        "name",
                                        "fine.dts",
                                        "dts",
                                        "/dts-v1/;\n/plugin/;\n&dom { cpus = <2>; };\n"),
                                Map.of(
                                        "name",
                                        "bad-memory.dts",
                                        "dts",
                                        "/dts-v1/;\n/plugin/;\n&dom { memory = <0x100000>; };\n")));
        assertThat(schema.status()).as(schema.text()).isEqualTo(400);
        assertThat(schema.json().path("errors").toString())
                .contains("/domain memory")
                .contains("from overlay bad-memory.dts")
                .doesNotContain("from overlay fine.dts");

        var missingTarget =
                compose(
                        "errs",
                        null,
                        List.of(
                                Map.of(
                                        "name",
                                        "nowhere.dts",
                                        "dts",
                                        "/dts-v1/;\n/plugin/;\n&no_such_label { cpus = <2>; };\n")));
        assertThat(missingTarget.status()).as(missingTarget.text()).isEqualTo(400);
        assertThat(missingTarget.text()).contains("nowhere.dts");

        var unknown =
                compose("nope", null, List.of(Map.of("name", "x.dts", "dts", INSTANCE_OVERLAY)));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().path("type").asString()).endsWith("/unknown-template");
        assertThat(
                        compose(
                                        "errs",
                                        9,
                                        List.of(Map.of("name", "x.dts", "dts", INSTANCE_OVERLAY)))
                                .status())
                .isEqualTo(422);

        var both =
                compose(
                        "errs",
                        null,
                        List.of(Map.of("name", "x", "dts", INSTANCE_OVERLAY, "dtbo", "AAAA")));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().path("type").asString()).endsWith("/invalid-composition");
        assertThat(compose("errs", null, List.of()).status()).isEqualTo(400);
        var notJson =
                api.post(
                        "/api/v1/domains",
                        COMPOSITION,
                        "{\"template\": \"errs\", \"overlays\": [".getBytes(StandardCharsets.UTF_8),
                        Map.of());
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("type").asString()).endsWith("/invalid-composition");
        assertThat(
                        jdbc.sql(
                                        "select count(*) from events where type = 'DomainRequested'"
                                                + " and payload->'composition'->>'template' = 'errs'")
                                .query(Long.class)
                                .single())
                .as("nothing refused was recorded")
                .isZero();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
