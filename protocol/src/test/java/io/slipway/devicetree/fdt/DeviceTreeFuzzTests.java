package io.slipway.devicetree.fdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.dts.Corpus;
import io.slipway.devicetree.dts.DtsCompiler;
import io.slipway.devicetree.dts.DtsLimits;
import io.slipway.devicetree.dts.DtsOptions;
import io.slipway.devicetree.dts.DtsWriter;
import io.slipway.devicetree.guest.Bombs;
import io.slipway.devicetree.overlay.OverlayApplier;
import io.slipway.devicetree.overlay.OverlayCorpus;
import io.slipway.devicetree.overlay.OverlayInput;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over the corpus, as blobs and as source. Every case must end in a result
 * or a {@link DeviceTreeException} (never another exception) within 100 ms of CPU time (see {@link
 * Harness} for why CPU rather than wall-clock time). The seed is random unless {@code
 * -Dslipway.fuzz.seed=N} is given, and is printed with every failure.
 */
class DeviceTreeFuzzTests {
    private static final long SEED = Long.getLong("slipway.fuzz.seed", System.nanoTime());
    private static final int BLOB_CASES = Integer.getInteger("slipway.fuzz.blobCases", 80_000);
    private static final int SOURCE_CASES = Integer.getInteger("slipway.fuzz.sourceCases", 30_000);
    private static final int BOMB_CASES = Integer.getInteger("slipway.fuzz.bombCases", 2000);
    private static final int OVERLAY_CASES =
            Integer.getInteger("slipway.fuzz.overlayCases", 10_000);

    /**
     * The biggest bombs the limits admit take 90-110 ms of CPU on these machines; a super-linear
     * path takes seconds. The bound sits between the two.
     */
    private static final long MAX_CASE_NANOS = 250_000_000L;

    private static final List<byte[]> BLOBS = new ArrayList<>();
    private static final List<String> SOURCES = new ArrayList<>();

    /** Per overlay-corpus case: the base blob, then its overlays, compiled by the real dtc. */
    private static final List<List<byte[]>> OVERLAY_SETS = new ArrayList<>();

    @BeforeAll
    static void loadCorpus() throws DeviceTreeException {
        for (Path file : Corpus.validFiles()) {
            String source = Corpus.read(file);
            SOURCES.add(source);
            BLOBS.add(
                    FdtWriter.write(
                            DtsCompiler.compile(
                                    source, file.getFileName().toString(), Corpus.DIR)));
        }
        for (OverlayCorpus.Case c : OverlayCorpus.cases()) {
            List<byte[]> set = new ArrayList<>();
            set.add(OverlayCorpus.dtc(c.base(), c.baseHasSymbols()));
            for (Path overlay : c.overlays()) {
                set.add(OverlayCorpus.dtc(overlay, true));
            }
            OVERLAY_SETS.add(set);
        }
    }

    /**
     * Counts and times cases, and fails with the seed on anything unexpected. The limit applies to
     * the CPU time of the fuzzing thread, which is what a slow parse costs; wall-clock time on this
     * shared 2-core machine (load averages above 10 while other modules build) mostly measures
     * waiting for a core, so it is reported, and only bounded loosely as a guard against hangs: a
     * case over that bound is retried twice and its fastest run counts.
     */
    private static final class Harness {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private static final long WALL_GUARD_NANOS = 1_000_000_000L;

        final String what;
        int cases;
        int accepted;
        long maxCpuNanos;
        long maxWallNanos;
        String slowest = "";

        Harness(String what) {
            this.what = what;
        }

        interface Case {
            boolean run() throws DeviceTreeException;
        }

        void run(String kind, Case c) {
            long[] first = timed(kind, c, true);
            long cpu = first[0];
            long wall = first[1];
            // A real blow-up is slow every time; a case that first ran in the interpreter, or
            // met a collection, is not: the best of three runs is what is bounded.
            for (int retry = 0;
                    retry < 2 && (wall >= WALL_GUARD_NANOS || cpu >= MAX_CASE_NANOS);
                    retry++) {
                long[] again = timed(kind, c, false);
                cpu = Math.min(cpu, again[0]);
                wall = Math.min(wall, again[1]);
            }
            if (cpu > maxCpuNanos) {
                maxCpuNanos = cpu;
                slowest = kind;
            }
            maxWallNanos = Math.max(maxWallNanos, wall);
            cases++;
        }

        /** {cpu nanos, wall nanos} of one run. */
        private long[] timed(String kind, Case c, boolean count) {
            long cpuStart = cpuNow();
            long start = System.nanoTime();
            try {
                if (c.run() && count) {
                    accepted++;
                }
            } catch (DeviceTreeException expected) {
                // Rejection is a correct outcome for hostile input.
            } catch (Throwable unexpected) {
                fail(
                        "%s case %d (%s) threw %s; rerun with -Dslipway.fuzz.seed=%d",
                        what, cases, kind, unexpected, SEED, unexpected);
            }
            long wall = System.nanoTime() - start;
            long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? cpuNow() - cpuStart : wall;
            return new long[] {cpu, wall};
        }

        private static long cpuNow() {
            return THREADS.isCurrentThreadCpuTimeSupported()
                    ? THREADS.getCurrentThreadCpuTime()
                    : 0;
        }

        void report() {
            System.out.printf(
                    "fuzz %s: seed=%d cases=%d accepted=%d max cpu=%.2f ms (%s), max wall=%.2f"
                            + " ms%n",
                    what, SEED, cases, accepted, maxCpuNanos / 1e6, slowest, maxWallNanos / 1e6);
            assertThat(maxCpuNanos)
                    .as("slowest %s case (%s), seed %d", what, slowest, SEED)
                    .isLessThan(MAX_CASE_NANOS);
            assertThat(maxWallNanos)
                    .as("wall-clock hang guard, seed %d", SEED)
                    .isLessThan(WALL_GUARD_NANOS);
        }
    }

    @Test
    void mutatedBlobsAreReadOrRejectedQuickly() {
        Random random = new Random(SEED);
        BlobMutator mutator = new BlobMutator(random);
        Harness harness = new Harness("blob");
        for (int i = 0; i < BLOB_CASES; i++) {
            byte[] seed = BLOBS.get(random.nextInt(BLOBS.size()));
            BlobMutator.Mutant mutant = mutator.mutate(seed);
            harness.run(mutant.kind(), () -> readAndRoundTrip(mutant.blob()));
        }
        harness.report();
        assertThat(harness.cases).isEqualTo(BLOB_CASES);
    }

    /**
     * Overlay sets from the overlay corpus with the base or one overlay mutated: the applier must
     * answer with a blob or a refusal, quickly, and an answer must be a blob the reader accepts.
     */
    @Test
    void mutatedOverlaysAndBasesAreAppliedOrRefusedQuickly() {
        Random random = new Random(SEED + 3);
        BlobMutator mutator = new BlobMutator(random);
        Harness harness = new Harness("overlay");
        for (int i = 0; i < OVERLAY_CASES; i++) {
            List<byte[]> set = OVERLAY_SETS.get(random.nextInt(OVERLAY_SETS.size()));
            int victim = random.nextInt(set.size());
            BlobMutator.Mutant mutant = mutator.mutate(set.get(victim));
            byte[] base = victim == 0 ? mutant.blob() : set.get(0);
            List<OverlayInput> overlays = new ArrayList<>();
            for (int j = 1; j < set.size(); j++) {
                overlays.add(
                        new OverlayInput(j + ".dtbo", j == victim ? mutant.blob() : set.get(j)));
            }
            String kind = (victim == 0 ? "base " : "overlay ") + mutant.kind();
            harness.run(
                    kind,
                    () -> {
                        byte[] result = OverlayApplier.apply(base, overlays);
                        FdtReader.read(result, OverlayApplier.LIMITS);
                        return true;
                    });
        }
        harness.report();
        assertThat(harness.cases).isEqualTo(OVERLAY_CASES);
    }

    /** An accepted blob must survive write/read and decompile/recompile unchanged. */
    private static boolean readAndRoundTrip(byte[] blob) throws DeviceTreeException {
        DeviceTree tree = FdtReader.read(blob);
        byte[] written = FdtWriter.write(tree);
        if (!FdtReader.read(written).equals(tree)) {
            fail("write/read changed the tree of an accepted blob, seed %d", SEED);
        }
        try {
            // DTS cannot carry the header's boot CPU: it is given again, as dtc -b.
            DeviceTree recompiled =
                    DtsCompiler.compile(
                            DtsWriter.write(tree),
                            "fuzz.dts",
                            null,
                            DtsLimits.DEFAULT,
                            new DtsOptions(false, tree.bootCpuId()));
            assertThat(FdtWriter.write(recompiled)).isEqualTo(FdtWriter.write(tree));
        } catch (DeviceTreeException e) {
            // DTS cannot express every blob: dtc's rules on phandle and name properties apply.
            assertThat(e.getMessage()).containsAnyOf("phandle", "'name'");
        }
        return true;
    }

    @Test
    void mutatedSourcesAreCompiledOrRejectedQuickly() {
        Random random = new Random(SEED + 1);
        SourceMutator mutator = new SourceMutator(random);
        Harness harness = new Harness("source");
        for (int i = 0; i < SOURCE_CASES; i++) {
            String seed = SOURCES.get(random.nextInt(SOURCES.size()));
            SourceMutator.Mutant mutant = mutator.mutate(seed);
            // Every other case as dtc -@: __symbols__ and its phandles are generated work too.
            DtsOptions options = i % 2 == 0 ? DtsOptions.DEFAULT : DtsOptions.SYMBOLS;
            harness.run(
                    mutant.kind(),
                    () -> {
                        DeviceTree tree =
                                DtsCompiler.compile(
                                        mutant.source(),
                                        "fuzz.dts",
                                        null,
                                        DtsLimits.DEFAULT,
                                        options);
                        FdtReader.read(
                                FdtWriter.write(tree),
                                FdtReader.Limits.GENERIC.withMaxNameLength(4096));
                        return true;
                    });
        }
        harness.report();
        assertThat(harness.cases).isEqualTo(SOURCE_CASES);
    }

    /**
     * Reference and nesting bombs with random shapes (depth, name length, properties, references,
     * brace and parenthesis nesting), half of them mutated further: each is rejected with a
     * positioned error or compiled, within the harness's CPU bound, whatever limit it hits first.
     */
    @Test
    void generatedAndMutatedBombsAreRejectedQuickly() {
        Random random = new Random(SEED + 2);
        SourceMutator mutator = new SourceMutator(random);
        Harness harness = new Harness("bomb");
        for (int i = 0; i < BOMB_CASES; i++) {
            String bomb = bomb(random);
            String kind = "bomb";
            if (random.nextBoolean()) {
                SourceMutator.Mutant mutant = mutator.mutate(bomb);
                bomb = mutant.source();
                kind = "bomb + " + mutant.kind();
            }
            String source = bomb;
            harness.run(
                    kind,
                    () -> {
                        try {
                            DtsCompiler.compile(source, "bomb.dts");
                            return true;
                        } catch (DeviceTreeException e) {
                            assertThat(e.diagnostics())
                                    .allSatisfy(d -> assertThat(d.position()).isNotNull());
                            throw e;
                        }
                    });
        }
        harness.report();
        assertThat(harness.cases).isEqualTo(BOMB_CASES);
    }

    private static String bomb(Random random) {
        return switch (random.nextInt(4)) {
            case 0 ->
                    Bombs.referenceBomb(
                            1 + random.nextInt(80),
                            1 + random.nextInt(300),
                            1 + random.nextInt(4),
                            1 + random.nextInt(3000));
            case 1 -> "/dts-v1/;\n/ {\n" + "n {\n".repeat(1 + random.nextInt(200));
            case 2 ->
                    "/dts-v1/;\n/ {\np = <"
                            + "(".repeat(1 + random.nextInt(200))
                            + "1"
                            + ")".repeat(random.nextInt(200))
                            + ">;\n};\n";
            default ->
                    "/dts-v1/;\n/ {\n"
                            + "x: n { p = <1>; };\n".repeat(1 + random.nextInt(50))
                            + "};\n"
                            + "&x { q = &x, &{/n}; };\n".repeat(1 + random.nextInt(2000));
        };
    }
}
