package io.slipway.orchestrator.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.protocol.StepName;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CrashPointsTests {
    @AfterEach
    void disarm() {
        CrashPoints.arm("");
    }

    @Test
    void aSpecNamesThePointAndOptionallyTheStepAndTheHit() {
        assertThat(CrashPoints.Armed.parse("AFTER_EVENT_COMMIT_BEFORE_PUBLISH"))
                .isEqualTo(
                        new CrashPoints.Armed(
                                CrashPoint.AFTER_EVENT_COMMIT_BEFORE_PUBLISH, null, 1));
        assertThat(CrashPoints.Armed.parse("AFTER_PUBLISH_BEFORE_OUTBOX_DELETE@KILL_DOMAIN:3"))
                .isEqualTo(
                        new CrashPoints.Armed(
                                CrashPoint.AFTER_PUBLISH_BEFORE_OUTBOX_DELETE,
                                StepName.KILL_DOMAIN,
                                3));
        assertThat(CrashPoints.Armed.parse("AFTER_REPORT_CONSUMED_BEFORE_COMMIT:2").atHit())
                .isEqualTo(2);
    }

    @Test
    void aBadSpecIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> CrashPoints.Armed.parse("NOWHERE"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CrashPoints.Armed.parse("AFTER_EVENT_COMMIT_BEFORE_PUBLISH:x"))
                .hasMessageContaining("hit count");
        assertThatThrownBy(() -> CrashPoints.Armed.parse("AFTER_EVENT_COMMIT_BEFORE_PUBLISH:0"))
                .hasMessageContaining(">= 1");
        assertThatThrownBy(() -> CrashPoints.Armed.parse("AFTER_EVENT_COMMIT_BEFORE_PUBLISH@NOPE"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStepFilterMatchesOnlyBatchesInvolvingThatStep() {
        var armed = CrashPoints.Armed.parse("AFTER_EVENT_COMMIT_BEFORE_PUBLISH@UNPAUSE");
        assertThat(armed.matches(CrashPoint.AFTER_EVENT_COMMIT_BEFORE_PUBLISH, List.of()))
                .isFalse();
        assertThat(
                        armed.matches(
                                CrashPoint.AFTER_EVENT_COMMIT_BEFORE_PUBLISH,
                                List.of(StepName.FINALIZE, StepName.UNPAUSE)))
                .isTrue();
        assertThat(
                        armed.matches(
                                CrashPoint.AFTER_PUBLISH_BEFORE_OUTBOX_DELETE,
                                List.of(StepName.UNPAUSE)))
                .isFalse();
    }

    @Test
    void unarmedOrOtherPointsNeverHalt() {
        CrashPoints.reach(CrashPoint.AFTER_EVENT_COMMIT_BEFORE_PUBLISH, List.of(StepName.UNPAUSE));
        CrashPoints.arm("AFTER_EVENT_COMMIT_BEFORE_PUBLISH@UNPAUSE");
        assertThat(CrashPoints.isArmed(CrashPoint.AFTER_EVENT_COMMIT_BEFORE_PUBLISH)).isTrue();
        assertThat(CrashPoints.isArmed(CrashPoint.AFTER_PUBLISH_BEFORE_OUTBOX_DELETE)).isFalse();
        CrashPoints.reach(CrashPoint.AFTER_EVENT_COMMIT_BEFORE_PUBLISH, List.of(StepName.FINALIZE));
        CrashPoints.reach(CrashPoint.AFTER_PUBLISH_BEFORE_OUTBOX_DELETE, List.of(StepName.UNPAUSE));
    }
}
