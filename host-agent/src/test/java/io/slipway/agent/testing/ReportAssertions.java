package io.slipway.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import java.util.Map;

/** Assertions on the final reports of steps run through a {@link StepHarness}. */
public final class ReportAssertions {
    private ReportAssertions() {}

    public static void assertSucceeded(HostReport report, StepName step) {
        assertThat(report).as("report of %s", step).isInstanceOf(HostReport.StepSucceeded.class);
    }

    public static void assertStale(HostReport report, StepName step) {
        assertThat(report)
                .as("report of %s", step)
                .isInstanceOfSatisfying(
                        HostReport.StepFailed.class,
                        f -> {
                            assertThat(f.code()).isEqualTo(FailureCode.STALE_EPOCH);
                            assertThat(f.retryable()).isFalse();
                        });
    }

    public static void assertFailed(HostReport report, FailureCode code) {
        assertThat(report)
                .isInstanceOfSatisfying(
                        HostReport.StepFailed.class,
                        f -> {
                            assertThat(f.code()).isEqualTo(code);
                            assertThat(f.retryable()).as("retryable").isFalse();
                        });
    }

    /**
     * Asserts that running {@code ref} ends by throwing {@code halt} (a crash point fired after the
     * step acted) and that no final report of it was published.
     */
    public static void assertHaltsWithoutReport(
            StepHarness crashing, StepRef ref, GuestSpec spec, Class<? extends Throwable> halt) {
        int reportsBefore = crashing.reports.all().size();
        assertThatThrownBy(() -> crashing.run(ref, spec, Map.of()))
                .as("%s halted after acting", ref.step())
                .isInstanceOf(halt);
        assertThat(crashing.reports.all().subList(reportsBefore, crashing.reports.all().size()))
                .as("reports of the halted %s", ref.step())
                .noneMatch(
                        r ->
                                r instanceof HostReport.StepSucceeded
                                        || r instanceof HostReport.StepFailed);
    }
}
