package io.slipway.devicetree.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.devicetree.DeviceTreeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The applier against the real {@code /usr/bin/fdtoverlay} (dtc 1.6.1) over the overlay corpus:
 * byte-identical output where fdtoverlay succeeds, a refusal naming the overlay where it fails.
 */
class OverlayFidelityTests {
    static List<OverlayCorpus.Case> cases() {
        return OverlayCorpus.cases();
    }

    @Test
    void corpusCoversEveryFeatureAndRefusal() {
        List<String> names = cases().stream().map(OverlayCorpus.Case::name).toList();
        assertThat(names)
                .contains(
                        "target-by-label",
                        "target-path",
                        "nested-new-nodes",
                        "property-replacement",
                        "multiple-fragments",
                        "sequence",
                        "label-from-earlier-overlay",
                        "local-fixups",
                        "adds-labels",
                        "refuse-missing-label",
                        "refuse-base-without-symbols",
                        "refuse-malformed-fixup",
                        "refuse-phandle-overflow");
        assertThat(names.stream().filter(n -> n.startsWith("refuse-"))).hasSizeGreaterThan(12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesLikeFdtoverlay(OverlayCorpus.Case c) {
        byte[] base = OverlayCorpus.dtc(c.base(), c.baseHasSymbols());
        List<OverlayInput> overlays = new ArrayList<>();
        for (var source : c.overlays()) {
            String name = source.getFileName().toString().replace(".dts", ".dtbo");
            overlays.add(new OverlayInput(name, OverlayCorpus.dtc(source, true)));
        }
        OverlayCorpus.ToolResult fdtoverlay = OverlayCorpus.fdtoverlay(base, overlays);

        if (c.refused()) {
            assertThat(fdtoverlay.exitCode()).as("fdtoverlay must fail on %s", c).isNotZero();
            assertThatThrownBy(() -> OverlayApplier.apply(base, overlays))
                    .isInstanceOf(DeviceTreeException.class)
                    .hasMessageContaining(OverlayCorpus.expectedRefusal(c))
                    .hasMessageContaining("overlay \"");
            return;
        }
        assertThat(fdtoverlay.exitCode())
                .as("fdtoverlay on %s: %s", c, fdtoverlay.stderr())
                .isZero();
        byte[] ours = applied(base, overlays);
        try {
            java.nio.file.Files.write(java.nio.file.Path.of("/tmp/ovt/" + c + ".ours"), ours);
            java.nio.file.Files.write(
                    java.nio.file.Path.of("/tmp/ovt/" + c + ".theirs"), fdtoverlay.blob());
        } catch (Exception e) {
        }
        assertThat(ours)
                .as("%s: %s", c, OverlayCorpus.firstDifference(fdtoverlay.blob(), ours))
                .isEqualTo(fdtoverlay.blob());
    }

    private static byte[] applied(byte[] base, List<OverlayInput> overlays) {
        try {
            return OverlayApplier.apply(base, overlays);
        } catch (DeviceTreeException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }
}
