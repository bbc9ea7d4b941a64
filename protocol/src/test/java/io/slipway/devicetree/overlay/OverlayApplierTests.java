package io.slipway.devicetree.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The applier's contract beyond the corpus: where its diagnostics point, the inputs on which
 * fdtoverlay itself misbehaves (and this class refuses), and bounded work on hostile overlays.
 */
class OverlayApplierTests {
    private static final String BASE =
            """
            /dts-v1/;
            / {
                aliases { loop-a = "loop-b"; loop-b = "loop-a"; };
                soc { uart: serial@1000 { status = "disabled"; }; };
            };
            """;

    @TempDir Path dir;

    private byte[] dtc(String source, boolean symbols) throws Exception {
        Path file = Files.createTempFile(dir, "case", ".dts");
        Files.writeString(file, source);
        return OverlayCorpus.dtc(file, symbols);
    }

    private byte[] overlay(String body) throws Exception {
        return dtc("/dts-v1/;\n" + body, true);
    }

    @Test
    void aRefusalNamesTheOverlayTheFragmentThePropertyAndTheByteOffset() throws Exception {
        byte[] base = dtc(BASE, true);
        byte[] bad = overlay("/ { fragment@0 { target = <0x99>; __overlay__ { x = <1>; }; }; };");

        assertThatThrownBy(
                        () ->
                                OverlayApplier.apply(
                                        base,
                                        List.of(
                                                new OverlayInput("good.dtbo", overlay("/ { };")),
                                                new OverlayInput("bad.dtbo", bad))))
                .isInstanceOfSatisfying(
                        DeviceTreeException.class,
                        e -> {
                            Diagnostic d = e.diagnostics().get(0);
                            assertThat(d.nodePath()).isEqualTo("/fragment@0");
                            assertThat(d.property()).isEqualTo("target");
                            assertThat(d.byteOffset()).isPositive();
                            assertThat(ByteBuffer.wrap(bad).getInt((int) d.byteOffset()))
                                    .as("the offset is the FDT_PROP token of target")
                                    .isEqualTo(3);
                            assertThat(d.message())
                                    .contains("overlay \"bad.dtbo\"")
                                    .contains("FDT_ERR_NOTFOUND");
                        });
    }

    @Test
    void aFixupOffsetPastItsPropertyIsRefusedWhereFdtoverlayWouldRetryForever() throws Exception {
        // libfdt answers FDT_ERR_NOSPACE, and fdtoverlay grows its buffer and retries without end,
        // so fdtoverlay is not run here.
        byte[] bad =
                overlay(
                        """
                        / {
                            fragment@0 { target = <0xffffffff>; __overlay__ { x = <1>; }; };
                            __fixups__ { uart = "/fragment@0:target:4"; };
                        };
                        """);

        assertThatThrownBy(
                        () ->
                                OverlayApplier.apply(
                                        dtc(BASE, true), List.of(new OverlayInput("o", bad))))
                .isInstanceOf(DeviceTreeException.class)
                .hasMessageContaining("writes 4 bytes at offset 4 of a 4-byte property")
                .hasMessageContaining("FDT_ERR_NOSPACE");
    }

    @Test
    void aFixupOffsetThatWrapsIsRefusedWhereLibfdtWouldWriteOutsideTheValue() throws Exception {
        byte[] bad =
                overlay(
                        """
                        / {
                            fragment@0 { target = <0xffffffff>; __overlay__ { x = <1>; }; };
                            __fixups__ { uart = "/fragment@0:target:-4"; };
                        };
                        """);

        assertThatThrownBy(
                        () ->
                                OverlayApplier.apply(
                                        dtc(BASE, true), List.of(new OverlayInput("o", bad))))
                .isInstanceOf(DeviceTreeException.class)
                .hasMessageContaining("at offset 4294967292");
    }

    @Test
    void aliasesThatLeadToEachOtherAreRefusedWhereLibfdtWouldRecurseWithoutEnd() throws Exception {
        byte[] loop =
                overlay(
                        "/ { fragment@0 { target-path = \"loop-a\"; __overlay__ { x = <1>; }; };"
                                + " };");

        assertThatThrownBy(
                        () ->
                                OverlayApplier.apply(
                                        dtc(BASE, true), List.of(new OverlayInput("o", loop))))
                .isInstanceOf(DeviceTreeException.class)
                .hasMessageContaining("aliases lead to aliases");
    }

    @Test
    void aBaseWithNopTokensIsRefusedRatherThanWrittenDifferently() throws Exception {
        byte[] base = dtc(BASE, true);
        ByteBuffer in = ByteBuffer.wrap(base);
        int structOffset = in.getInt(8);
        // After the root's FDT_BEGIN_NODE and its empty, padded name.
        int at = structOffset + 8;
        ByteBuffer out = ByteBuffer.allocate(base.length + 4);
        out.put(base, 0, at).putInt(4).put(base, at, base.length - at);
        out.putInt(4, base.length + 4);
        out.putInt(12, in.getInt(12) + 4);
        out.putInt(36, in.getInt(36) + 4);

        assertThatThrownBy(
                        () ->
                                OverlayApplier.apply(
                                        out.array(),
                                        List.of(new OverlayInput("o", overlay("/ { };")))))
                .isInstanceOfSatisfying(
                        DeviceTreeException.class,
                        e -> {
                            assertThat(e.getMessage()).contains("FDT_NOP").contains("the base");
                            assertThat(e.diagnostics().get(0).byteOffset()).isEqualTo(at);
                        });
    }

    @Test
    void noOverlaysGiveTheBaseBack() throws Exception {
        byte[] base = dtc(BASE, true);

        assertThat(OverlayApplier.apply(base, List.of())).isEqualTo(base);
    }

    @Test
    void anOrdinaryBlobAsOverlayIsAppliedAsFdtoverlayAppliesIt() throws Exception {
        byte[] base = dtc(BASE, true);
        List<OverlayInput> plain =
                List.of(new OverlayInput("plain.dtb", dtc("/dts-v1/;\n/ { l: n { }; };", true)));

        OverlayCorpus.ToolResult theirs = OverlayCorpus.fdtoverlay(base, plain);

        assertThat(theirs.exitCode()).isZero();
        assertThat(OverlayApplier.apply(base, plain)).isEqualTo(theirs.blob());
    }

    @Test
    void aHugeFixupListIsAppliedInBoundedTimeAndAsFdtoverlayAppliesIt() throws Exception {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            entries.append(i == 0 ? "" : ", ").append("\"/fragment@0:target:0\"");
        }
        byte[] huge =
                overlay(
                        "/ { fragment@0 { target = <0xffffffff>; __overlay__ { x = <1>; }; };"
                                + " __fixups__ { uart = "
                                + entries
                                + "; }; };");
        byte[] base = dtc(BASE, true);
        List<OverlayInput> overlays = List.of(new OverlayInput("huge", huge));

        long start = System.nanoTime();
        byte[] ours = OverlayApplier.apply(base, overlays);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).isLessThan(2000);
        assertThat(ours).isEqualTo(OverlayCorpus.fdtoverlay(base, overlays).blob());
    }

    @Test
    void anOverlayNestedBeyondTheLimitsIsRefusedWhileReading() throws Exception {
        String deep = "a { ".repeat(40) + "}; ".repeat(40);
        byte[] overlay =
                overlay("/ { fragment@0 { target-path = \"/\"; __overlay__ { " + deep + "}; }; };");

        assertThatThrownBy(
                        () ->
                                OverlayApplier.apply(
                                        dtc(BASE, true),
                                        List.of(new OverlayInput("deep", overlay))))
                .isInstanceOf(DeviceTreeException.class)
                .hasMessageContaining("nested deeper than 32")
                .hasMessageContaining("overlay \"deep\"");
    }

    @Test
    void thousandsOfSymbolsAreAppliedInBoundedTimeAndAsFdtoverlayAppliesThem() throws Exception {
        StringBuilder symbols = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            symbols.append("s").append(i).append(" = \"/fragment@0/__overlay__/n\"; ");
        }
        byte[] many =
                overlay(
                        "/ { fragment@0 { target = <0xffffffff>; __overlay__ { n { }; }; };"
                                + " __fixups__ { uart = \"/fragment@0:target:0\"; };"
                                + " __symbols__ { "
                                + symbols
                                + "}; };");
        byte[] base = dtc(BASE, true);
        List<OverlayInput> overlays = List.of(new OverlayInput("many", many));

        long start = System.nanoTime();
        byte[] ours = OverlayApplier.apply(base, overlays);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).isLessThan(2000);
        assertThat(ours).isEqualTo(OverlayCorpus.fdtoverlay(base, overlays).blob());
    }
}
