package io.slipway.orchestrator.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.orchestrator.crash.CrashPoint.Moment;
import io.slipway.protocol.StepName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashPointsTests {
    private final List<Integer> halts = new ArrayList<>();

    private CrashPoints armed(String spec) {
        return new CrashPoints(CrashPoint.parse(spec), halts::add);
    }

    @Test
    void aSpecNamesTheMomentAndOptionallyTheStepAndTheHit() {
        assertThat(CrashPoint.parse("AFTER_EVENT_COMMIT_BEFORE_PUBLISH"))
                .isEqualTo(new CrashPoint(Moment.AFTER_EVENT_COMMIT_BEFORE_PUBLISH, null, 1));
        assertThat(CrashPoint.parse("AFTER_PUBLISH_BEFORE_OUTBOX_DELETE@KILL_DOMAIN:3"))
                .isEqualTo(
                        new CrashPoint(
                                Moment.AFTER_PUBLISH_BEFORE_OUTBOX_DELETE,
                                StepName.KILL_DOMAIN,
                                3));
        assertThat(CrashPoint.parse("AFTER_REPORT_CONSUMED_BEFORE_COMMIT:2").atHit()).isEqualTo(2);
    }

    @Test
    void aBadSpecIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> CrashPoint.parse("NOWHERE"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CrashPoint.parse("AFTER_EVENT_COMMIT_BEFORE_PUBLISH:x"))
                .hasMessageContaining("hit count");
        assertThatThrownBy(() -> CrashPoint.parse("AFTER_EVENT_COMMIT_BEFORE_PUBLISH:0"))
                .hasMessageContaining(">= 1");
        assertThatThrownBy(() -> CrashPoint.parse("AFTER_EVENT_COMMIT_BEFORE_PUBLISH@NOPE"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStepFilterHaltsOnlyForBatchesInvolvingThatStep() {
        CrashPoints points = armed("AFTER_EVENT_COMMIT_BEFORE_PUBLISH@UNPAUSE");
        points.afterEventCommit(() -> List.of());
        points.afterEventCommit(() -> List.of(StepName.FINALIZE));
        points.afterReportConsumed(List.of(StepName.UNPAUSE));
        points.afterPublish(() -> List.of(StepName.UNPAUSE));
        assertThat(halts).isEmpty();

        points.afterEventCommit(() -> List.of(StepName.FINALIZE, StepName.UNPAUSE));
        assertThat(halts).containsExactly(137);
    }

    @Test
    void theNthHitHaltsAndOnlyIt() {
        CrashPoints points = armed("AFTER_REPORT_CONSUMED_BEFORE_COMMIT:2");
        points.afterReportConsumed(List.of(StepName.CREATE_SHELL));
        assertThat(halts).isEmpty();
        points.afterReportConsumed(List.of(StepName.CREATE_SHELL));
        points.afterReportConsumed(List.of(StepName.CREATE_SHELL));
        assertThat(halts).containsExactly(137);
    }

    @Test
    void thePublishMomentWorksOutItsStepsOnlyWhenArmedForIt() {
        List<String> askedFor = new ArrayList<>();
        armed("AFTER_EVENT_COMMIT_BEFORE_PUBLISH")
                .afterPublish(
                        () -> {
                            askedFor.add("steps");
                            return List.of();
                        });
        assertThat(askedFor).isEmpty();

        CrashPoints publish = armed("AFTER_PUBLISH_BEFORE_OUTBOX_DELETE@UNPAUSE");
        publish.afterPublish(() -> List.of(StepName.UNPAUSE));
        assertThat(halts).containsExactly(137);
    }

    @Test
    void noneAndABlankSpecNeverHalt() {
        CrashPoints none = CrashPoints.from(" ");
        none.afterEventCommit(() -> List.of(StepName.UNPAUSE));
        none.afterReportConsumed(List.of(StepName.UNPAUSE));
        none.afterPublish(() -> List.of(StepName.UNPAUSE));
        CrashPoints.none().afterEventCommit(() -> List.of());
        assertThat(halts).isEmpty();
    }
}
