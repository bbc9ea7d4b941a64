package io.slipway.devicetree.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.devicetree.DeviceTreeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The applier against the real {@code /usr/bin/fdtoverlay} (dtc 1.6.1) over the overlay corpus:
 * byte-identical output where fdtoverlay succeeds, a refusal naming the overlay where it fails.
 */
class OverlayFidelityTests {
    private static final int DIFFERENTIAL_CASES =
            Integer.getInteger("slipway.fuzz.overlayDifferentialCases", 300);

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

    /**
     * Differential: mutated overlays that the applier accepts must be accepted by fdtoverlay with
     * the same bytes. (The other direction does not hold by design: the reader's limits and name
     * rules, and the inputs fdtoverlay cannot handle safely, are refused; see docs/overlays.md.)
     */
    @Test
    void mutatedOverlaysTheApplierAcceptsGiveFdtoverlaysBytes() {
        long seed = Long.getLong("slipway.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        List<List<byte[]>> sets = new ArrayList<>();
        for (OverlayCorpus.Case c : cases()) {
            if (!c.refused()) {
                List<byte[]> set = new ArrayList<>();
                set.add(OverlayCorpus.dtc(c.base(), c.baseHasSymbols()));
                for (var overlay : c.overlays()) {
                    set.add(OverlayCorpus.dtc(overlay, true));
                }
                sets.add(set);
            }
        }
        int compared = 0;
        for (int i = 0; i < DIFFERENTIAL_CASES; i++) {
            List<byte[]> set = sets.get(random.nextInt(sets.size()));
            int victim = 1 + random.nextInt(set.size() - 1);
            byte[] mutant = set.get(victim).clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                int at = 40 + random.nextInt(mutant.length - 40);
                mutant[at] ^= (byte) (1 << random.nextInt(8));
            }
            List<OverlayInput> overlays = new ArrayList<>();
            for (int j = 1; j < set.size(); j++) {
                overlays.add(new OverlayInput(j + ".dtbo", j == victim ? mutant : set.get(j)));
            }
            byte[] ours;
            try {
                ours = OverlayApplier.apply(set.get(0), overlays);
            } catch (DeviceTreeException refused) {
                continue;
            }
            OverlayCorpus.ToolResult theirs = OverlayCorpus.fdtoverlay(set.get(0), overlays);
            assertThat(theirs.exitCode())
                    .as(
                            "seed %d case %d: fdtoverlay refused what we applied: %s",
                            seed, i, theirs.stderr())
                    .isZero();
            assertThat(ours)
                    .as(
                            "seed %d case %d: %s",
                            seed, i, OverlayCorpus.firstDifference(theirs.blob(), ours))
                    .isEqualTo(theirs.blob());
            compared++;
        }
        assertThat(compared).as("seed %d", seed).isGreaterThan(DIFFERENTIAL_CASES / 30);
    }
}
