package io.slipway.devicetree.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.fdt.FdtReader;
import io.slipway.protocol.GuestSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuestDescriptionsTests {
    private static byte[] resource(String name) throws Exception {
        return Files.readAllBytes(Dtc.example(name));
    }

    private static ValidGuest readDts(String name) throws Exception {
        return GuestDescriptions.read(resource(name), DescriptionFormat.DTS, name);
    }

    private static List<Diagnostic> problems(byte[] body, DescriptionFormat format) {
        return problems(body, format, "in");
    }

    private static List<Diagnostic> problems(byte[] body, DescriptionFormat format, String name) {
        try {
            GuestDescriptions.read(body, format, name);
            throw new AssertionError("expected the description to be rejected");
        } catch (DeviceTreeException e) {
            return e.diagnostics();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-pvh", "gpu-hvm"})
    void dtsDtbAndJsonOfOneDescriptionGiveTheSameCanonicalBytesAndDigest(String name)
            throws Exception {
        byte[] dtcBlob = Dtc.compile(Dtc.example(name + ".dts"));
        ValidGuest fromDts = readDts(name + ".dts");
        ValidGuest fromDtb = GuestDescriptions.read(dtcBlob, DescriptionFormat.DTB, name + ".dtb");
        ValidGuest fromJson =
                GuestDescriptions.read(
                        resource(name + ".json"), DescriptionFormat.JSON, name + ".json");
        ValidGuest fromWrittenJson =
                GuestDescriptions.read(
                        GuestDescriptions.toJson(dtcBlob).getBytes(StandardCharsets.UTF_8),
                        DescriptionFormat.JSON,
                        "written.json");

        assertThat(fromDts.canonicalDtb()).isEqualTo(dtcBlob);
        for (ValidGuest other : List.of(fromDtb, fromJson, fromWrittenJson)) {
            assertThat(other.canonicalDtb()).isEqualTo(dtcBlob);
            assertThat(other.sha256Hex()).isEqualTo(fromDts.sha256Hex());
            assertThat(other.spec()).isEqualTo(fromDts.spec());
        }
        assertThat(fromDts.sha256Hex())
                .isEqualTo(GuestDescriptions.sha256Hex(dtcBlob))
                .matches("[0-9a-f]{64}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-pvh", "gpu-hvm"})
    void jsonToDtbToJsonIsStable(String name) throws Exception {
        ValidGuest guest =
                GuestDescriptions.read(resource(name + ".json"), DescriptionFormat.JSON, name);
        String json = GuestDescriptions.toJson(guest.canonicalDtb());
        ValidGuest again =
                GuestDescriptions.read(
                        json.getBytes(StandardCharsets.UTF_8), DescriptionFormat.JSON, name);

        assertThat(again.canonicalDtb()).isEqualTo(guest.canonicalDtb());
        assertThat(GuestDescriptions.toJson(again.canonicalDtb())).isEqualTo(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-pvh", "gpu-hvm"})
    void dtsTextOfTheCanonicalBlobRecompilesToTheSameBytes(String name) throws Exception {
        ValidGuest guest = readDts(name + ".dts");
        String dts = GuestDescriptions.toDts(guest.canonicalDtb());
        Path file = Files.createTempFile(name, ".dts");
        try {
            Files.writeString(file, dts);
            assertThat(Dtc.compile(file)).isEqualTo(guest.canonicalDtb());
            assertThat(
                            GuestDescriptions.read(
                                            dts.getBytes(StandardCharsets.UTF_8),
                                            DescriptionFormat.DTS,
                                            "x")
                                    .canonicalDtb())
                    .isEqualTo(guest.canonicalDtb());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void theSpecOfTinyPvhIsDerivedFromTheTree() throws Exception {
        GuestSpec spec = readDts("tiny-pvh.dts").spec();

        assertThat(spec)
                .isEqualTo(
                        new GuestSpec(
                                UUID.fromString("3f2a9c10-5b7e-4d21-a0c4-112233445566"),
                                "tiny-01",
                                "x86_64",
                                "pvh",
                                524288,
                                524288,
                                1,
                                List.of(
                                        new GuestSpec.BootModule(
                                                "kernel",
                                                "sha256:9b1c2e4f0d3a5b6c7d8e9f00112233445566778899aabbccddeeff0011223344",
                                                "console=hvc0 root=/dev/xvda1 ro")),
                                List.of(),
                                List.of(new GuestSpec.BlockDevice("xvda", "vol-7f3e", "rw", true)),
                                List.of()));
    }

    @Test
    void theSpecOfGpuHvmHasDefaultsAndDevicesInPlugOrder() throws Exception {
        String dts =
                new String(resource("gpu-hvm.dts"), StandardCharsets.UTF_8)
                        // Declare dev@1 first: plug order follows reg, not source order.
                        .replace("dev@0 {", "devX {")
                        .replace("dev@1 {", "dev@0 {")
                        .replace("devX {", "dev@1 {")
                        .replace(
                                "reg = <0>;\n                slipway,sbdf = \"0000:3b:00.0\"",
                                "reg = <1>;\n                slipway,sbdf = \"0000:3b:00.0\"")
                        .replace(
                                "reg = <1>;\n                slipway,sbdf = \"0000:3b:00.1\"",
                                "reg = <0>;\n                slipway,sbdf = \"0000:3b:00.1\"")
                        .replace(
                                "memory = <0x0 0x4000000>;",
                                "memory = <0x0 0x4000000>;\n slipway,max-memory = <0x0 0x4000000>;");
        GuestSpec spec =
                GuestDescriptions.read(
                                dts.getBytes(StandardCharsets.UTF_8), DescriptionFormat.DTS, "g")
                        .spec();

        assertThat(spec.handle())
                .isEqualTo(UUID.fromString("c0ffee00-1234-4567-89ab-cdef01234567"));
        assertThat(spec.guestType()).isEqualTo("hvm");
        assertThat(spec.memoryKiB()).isEqualTo(64L * 1024 * 1024);
        assertThat(spec.maxMemoryKiB()).isEqualTo(64L * 1024 * 1024);
        assertThat(spec.vcpus()).isEqualTo(16);
        assertThat(spec.bootModules()).isEmpty();
        assertThat(spec.pciFunctions())
                .containsExactly(
                        new GuestSpec.PciFunction("0000:3b:00.1", "flr", 60000),
                        new GuestSpec.PciFunction("0000:3b:00.0", "flr", 60000));
        assertThat(spec.networkInterfaces())
                .containsExactly(
                        new GuestSpec.NetworkInterface("tenant-42", "02:16:3e:5a:00:07", 0));
        assertThat(spec.blockDevices())
                .containsExactly(new GuestSpec.BlockDevice("xvda", "vol-gpu07-root", "rw", true));
        assertThat(spec.vcpuPins()).containsExactly(new GuestSpec.VcpuPin(0, "0-7"));
    }

    @Test
    void invalidManyErrorsReportsEveryExpectedErrorAtOnceWithPositions() throws Exception {
        List<String> expected =
                Files.readAllLines(Dtc.example("invalid-many-errors.expected")).stream()
                        .filter(l -> !l.isBlank() && !l.startsWith("#"))
                        .toList();
        List<Diagnostic> diagnostics =
                problems(
                        resource("invalid-many-errors.dts"),
                        DescriptionFormat.DTS,
                        "invalid-many-errors.dts");
        List<String> actual =
                diagnostics.stream()
                        .map(
                                d ->
                                        d.nodePath()
                                                + (d.property() == null ? "" : " " + d.property())
                                                + ": "
                                                + d.message())
                        .toList();

        assertThat(actual).containsAll(expected);
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(diagnostics)
                .allSatisfy(d -> assertThat(d.position()).isNotNull())
                .anySatisfy(
                        d ->
                                assertThat(d.toString())
                                        .isEqualTo(
                                                "invalid-many-errors.dts:14:9: /domain memory:"
                                                        + " length 4, expected 8 (u64)"));
    }

    @Test
    void oversizedBodiesAreRejectedBeforeParsing() {
        byte[] big = new byte[GuestDescriptions.MAX_DESCRIPTION_BYTES + 1];
        for (DescriptionFormat format : DescriptionFormat.values()) {
            assertThat(problems(big, format))
                    .singleElement()
                    .extracting(Diagnostic::message)
                    .isEqualTo("description is 1048577 bytes, more than the limit of 1048576");
        }
    }

    @Test
    void dtsInputMayNotIncludeFilesAndMustBeUtf8() throws Exception {
        byte[] including =
                "/dts-v1/;\n/include/ \"/etc/passwd\"\n/ { };\n".getBytes(StandardCharsets.UTF_8);
        assertThat(problems(including, DescriptionFormat.DTS)).isNotEmpty();

        byte[] tiny = resource("tiny-pvh.dts");
        byte[] broken = Arrays.copyOf(tiny, tiny.length);
        int at = new String(tiny, StandardCharsets.UTF_8).indexOf("tiny-01");
        broken[at] = (byte) 0xff;
        assertThat(problems(broken, DescriptionFormat.DTS))
                .singleElement()
                .isEqualTo(Diagnostic.atByte(at, "not valid UTF-8"));
    }

    @Test
    void reservationsAreRejectedInEveryForm() throws Exception {
        String dts =
                new String(resource("tiny-pvh.dts"), StandardCharsets.UTF_8)
                        .replace("/dts-v1/;", "/dts-v1/;\n/memreserve/ 0x1000 0x1000;");
        assertThat(problems(dts.getBytes(StandardCharsets.UTF_8), DescriptionFormat.DTS))
                .extracting(Diagnostic::message)
                .containsExactly("memory reservation block must be empty in a guest description");
        Path file = Files.createTempFile("reserve", ".dts");
        try {
            Files.writeString(file, dts);
            assertThat(problems(Dtc.compile(file), DescriptionFormat.DTB))
                    .singleElement()
                    .satisfies(d -> assertThat(d.byteOffset()).isGreaterThanOrEqualTo(0));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void hostileBlobsAreRejectedWithAByteOffset() throws Exception {
        byte[] blob = Dtc.compile(Dtc.example("tiny-pvh.dts"));
        blob[5] ^= 0x40; // totalsize no longer matches
        assertThat(problems(blob, DescriptionFormat.DTB))
                .singleElement()
                .satisfies(d -> assertThat(d.byteOffset()).isGreaterThanOrEqualTo(0));
    }

    @Test
    void validGuestCopiesItsBlobAndComparesByDigest() throws Exception {
        ValidGuest guest = readDts("tiny-pvh.dts");
        byte[] blob = guest.canonicalDtb();
        blob[0] = 0;
        assertThat(guest.canonicalDtb()[0]).isEqualTo((byte) 0xd0);
        assertThat(guest)
                .isEqualTo(
                        GuestDescriptions.read(
                                resource("tiny-pvh.json"), DescriptionFormat.JSON, "j"));
        assertThat(FdtReader.read(guest.canonicalDtb()).root().child("domain")).isPresent();
        assertThat(HexFormat.of().parseHex(guest.sha256Hex())).hasSize(32);
    }
}
