package io.slipway.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.agent.testing.RecordingReports;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DelayedStartTests {
    private final RecordingReports reports = new RecordingReports();
    private final HostReport.StepStarted started =
            new HostReport.StepStarted(
                    new StepRef(DomainId.random(), StepName.POPULATE_MEMORY, 1, 1),
                    new HostId("host-1"),
                    Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void aStepStillRunningAfterTheDelayReportsItsStart() {
        DelayedStart start = DelayedStart.schedule(reports, started, Duration.ofMillis(20));

        await().atMost(Duration.ofSeconds(5)).until(() -> !reports.all().isEmpty());
        start.end();

        assertThat(reports.all()).containsExactly(started);
    }

    @Test
    void aStepEndedBeforeTheDelayNeverReportsItsStart() throws InterruptedException {
        DelayedStart start = DelayedStart.schedule(reports, started, Duration.ofMillis(50));
        start.end();

        Thread.sleep(300);

        assertThat(reports.all()).isEmpty();
    }

    @Test
    void noDelayReportsTheStartAtOnce() {
        DelayedStart.schedule(reports, started, Duration.ZERO);

        assertThat(reports.all()).containsExactly(started);
    }
}
