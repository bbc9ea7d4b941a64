package io.slipway.agent.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.testing.RunnerFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.testsupport.Guests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CancellationTests {
    @TempDir Path dir;

    @Test
    void aCancelledPopulateStopsAfterTheCurrentExtentAndKeepsWhatItPopulated() {
        RunnerFixture fx = new RunnerFixture(dir);
        GuestSpec spec = Guests.guest(4);
        DomainId id = DomainId.random();
        for (StepName s : RunnerFixture.CREATE.subList(0, 3)) {
            fx.run(id, s, 1, spec);
        }
        Cancellation cancellation = new Cancellation();
        ProgressSink cancelAfterFirstExtent =
                (fraction, checkpoint, now) -> cancellation.cancel("superseded by attempt 2");
        StepContext ctx =
                new StepContext(
                        new StepRef(id, StepName.POPULATE_MEMORY, 1, 1),
                        spec,
                        Map.of(),
                        fx.sim.sim(),
                        cancelAfterFirstExtent,
                        cancellation,
                        Duration.ofSeconds(1));

        assertThatThrownBy(() -> new PopulateMemoryStep().execute(ctx))
                .isInstanceOfSatisfying(
                        StepFailure.class,
                        f -> {
                            assertThat(f.code()).isEqualTo(FailureCode.INTERNAL);
                            assertThat(f.retryable()).isTrue();
                            assertThat(f.getMessage()).contains("superseded by attempt 2");
                        });
        assertThat(
                        fx.sim
                                .sim()
                                .find(new DomainHandle(spec.handle()))
                                .orElseThrow()
                                .populatedPages())
                .isEqualTo(PopulateMemoryStep.EXTENT_PAGES);
    }

    @Test
    void aCancellationForADeadlineIsReportedAsTimedOut() {
        Cancellation c = new Cancellation();
        c.cancel("step deadline passed");
        assertThat(c.failure().code()).isEqualTo(FailureCode.TIMED_OUT);
        c.cancel("ignored: the first reason wins");
        assertThat(c.failure().getMessage()).contains("deadline");
    }
}
