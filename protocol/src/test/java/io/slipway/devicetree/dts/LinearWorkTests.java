package io.slipway.devicetree.dts;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.devicetree.DeviceTreeException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compiler's work grows linearly with the input, for each shape that used to be quadratic (a
 * lookup that scanned the tree or the siblings, a merge that scanned the properties, a duplicate
 * check comparing every pair, a value copied once per path reference). Two measures:
 *
 * <ul>
 *   <li>The work counter of {@link Usage} (tokens, definitions, value bytes, resolution steps),
 *       which is deterministic: doubling the input must not more than double it (10% slack for the
 *       fixed parts).
 *   <li>The test thread's CPU time for inputs of size n = 2000 and 16n. Linear code takes about 16
 *       times as long, quadratic code 256 times; the assertion allows 120. Why it does not flake on
 *       this shared, loaded machine: thread CPU time does not include time spent waiting for a
 *       core, garbage collection runs on other threads, the JIT is warmed up first, and each size
 *       is measured five times (alternating) with the fastest run counted. What remains is the
 *       larger input's working set outgrowing the caches, seen to double the ratio (up to 32 under
 *       a load average of 30) and once, on a machine with four builds competing, to reach 94 (the
 *       bound was 80 then): 120 stays well under the ratios of 250 and more that the scans this
 *       replaced gave (one put back made the test fail at 289).
 * </ul>
 *
 * Limits are raised for these tests so that the shapes can grow far enough to tell the two apart.
 */
class LinearWorkTests {
    private static final DtsLimits ROOMY =
            new DtsLimits(
                    1 << 24, 100, 64, 1 << 20, 1 << 20, 255, 255, 2048, 1 << 20, 1 << 20, 65_536,
                    64, 1 << 26, 1 << 28, 64, 4096, 1 << 30, 16);

    record Shape(String name, IntFunction<String> source, DtsOptions options) {
        Shape(String name, IntFunction<String> source) {
            this(name, source, DtsOptions.DEFAULT);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(
                new Shape(
                        "path references to a deep node",
                        n ->
                                "/dts-v1/;\n/ {\n"
                                        + "p = &t".concat(", &t".repeat(n - 1))
                                        + ";\n"
                                        + "abcdefghijklmnopqrstuvwxyz012345 {\n".repeat(16)
                                        + "t: x {};\n"
                                        + "};\n".repeat(16)
                                        + "};\n"),
                new Shape(
                        "top-level merges by label",
                        n ->
                                "/dts-v1/;\n/ {\n"
                                        + numbered(n, i -> "l" + i + ": n" + i + " {};\n")
                                        + "};\n"
                                        + numbered(n, i -> "&l" + (n - 1 - i) + " { q; };\n")),
                new Shape(
                        "path lookups among many siblings",
                        n ->
                                "/dts-v1/;\n/ {\n"
                                        + "p = &{/n0}"
                                        + (", &{/n" + (n - 1) + "}").repeat(n - 1)
                                        + ";\n"
                                        + numbered(n, i -> "n" + i + " {};\n")
                                        + "};\n"
                                        + numbered(n, i -> "&{/n" + (n - 1) + "} { q; };\n")),
                new Shape(
                        "merging a node with many properties",
                        n ->
                                "/dts-v1/;\n/ { a {\n"
                                        + numbered(n, i -> "p" + i + " = <" + i + ">;\n")
                                        + "}; };\n/ { a {\n"
                                        + numbered(n, i -> "p" + i + " = <" + (i + 1) + ">;\n")
                                        + "/delete-property/ p0;\n}; };\n"),
                new Shape(
                        "phandle references to many labels",
                        n ->
                                "/dts-v1/;\n/ {\n"
                                        + "p = <"
                                        + numbered(n, i -> "&l" + i + " ")
                                        + ">;\n"
                                        + numbered(n, i -> "l" + i + ": n" + i + " {};\n")
                                        + "};\n"),
                new Shape(
                        "labels on one node",
                        n -> "/dts-v1/;\n/ {\n" + numbered(n, i -> "l" + i + ": ") + "n {};\n};\n"),
                new Shape(
                        "labels of one node listed in __symbols__ (-@)",
                        n -> "/dts-v1/;\n/ {\n" + numbered(n, i -> "l" + i + ": ") + "n {};\n};\n",
                        DtsOptions.SYMBOLS),
                new Shape(
                        "overlay fragments with fixups and local fixups",
                        n ->
                                "/dts-v1/;\n/plugin/;\n/ { k: k {}; };\n"
                                        + numbered(
                                                n,
                                                i -> "&u" + i + " { r = <&e" + i + " &k>; };\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void doublingTheInputAtMostDoublesTheCountedWork(Shape shape) throws DeviceTreeException {
        long small = work(shape.source().apply(1000), shape.options());
        long large = work(shape.source().apply(2000), shape.options());

        assertThat(large)
                .as("work for n=1000: %d, n=2000: %d", small, large)
                .isLessThan(small * 22 / 10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void sixteenTimesTheInputTakesLessThan120TimesTheCpu(Shape shape) throws DeviceTreeException {
        String small = shape.source().apply(2000);
        String large = shape.source().apply(32_000);
        cpuNanos(small, shape.options());
        cpuNanos(large, shape.options());
        long bestSmall = Long.MAX_VALUE;
        long bestLarge = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            bestSmall = Math.min(bestSmall, cpuNanos(small, shape.options()));
            bestLarge = Math.min(bestLarge, cpuNanos(large, shape.options()));
        }

        System.out.printf(
                "linear %s: n=2000 %.1f ms, n=32000 %.1f ms, ratio %.1f%n",
                shape, bestSmall / 1e6, bestLarge / 1e6, (double) bestLarge / bestSmall);
        assertThat(bestLarge)
                .as("CPU ns for n=2000: %d, n=32000: %d", bestSmall, bestLarge)
                .isLessThan(120 * Math.max(bestSmall, 1_000_000L));
    }

    private static long work(String source, DtsOptions options) throws DeviceTreeException {
        DtsCompiler.Compilation compilation = new DtsCompiler.Compilation(ROOMY);
        compilation.compile(source, "linear.dts", null, options);
        return compilation.usage.work();
    }

    /** CPU time of the test thread for two compilations of {@code source}. */
    private static long cpuNanos(String source, DtsOptions options) throws DeviceTreeException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < 2; i++) {
            DtsCompiler.compile(source, "linear.dts", null, ROOMY, options);
        }
        return threads.getCurrentThreadCpuTime() - start;
    }

    private static String numbered(int n, IntFunction<String> item) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(item.apply(i));
        }
        return sb.toString();
    }
}
