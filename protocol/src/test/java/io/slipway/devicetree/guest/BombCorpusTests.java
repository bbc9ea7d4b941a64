package io.slipway.devicetree.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bomb of {@link Bombs} is answered, through the API's entry point, with a valid guest or a
 * positioned, bounded rejection naming the limit it hit, within a CPU-time bound. The bound is on
 * the test thread's CPU time, not wall time, because this machine is shared (see {@code
 * DeviceTreeFuzzTests}); it is 20 times what the slowest case takes here, so it only fails for work
 * that grew by an order of magnitude, e.g. a quadratic scan.
 */
class BombCorpusTests {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long MAX_CPU_NANOS = 2_000_000_000L;

    static List<Bombs.Case> cases() {
        return Bombs.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bombIsAnsweredWithABoundedPositionedErrorQuickly(Bombs.Case bomb) {
        long start = THREADS.getCurrentThreadCpuTime();

        String problem = Bombs.check(bomb);

        long cpu = THREADS.getCurrentThreadCpuTime() - start;
        assertThat(problem).as(bomb.name()).isNull();
        assertThat(cpu).as("%s CPU nanos", bomb.name()).isLessThan(MAX_CPU_NANOS);
    }

    @Test
    void corpusCoversEveryFormAndTheShippedDenialOfService() {
        assertThat(cases()).extracting(Bombs.Case::format).contains(DescriptionFormat.values());
        assertThat(cases())
                .extracting(Bombs.Case::name)
                .contains("shipped-dos")
                .doesNotHaveDuplicates();
    }
}
