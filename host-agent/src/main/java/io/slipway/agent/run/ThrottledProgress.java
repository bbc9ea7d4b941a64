package io.slipway.agent.run;

import io.slipway.agent.report.ReportSink;
import io.slipway.agent.step.ProgressSink;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepRef;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The progress sink of one step execution: checks crash points on every unit, and publishes a
 * {@code StepProgressed} at most about once per {@code interval} of real time or every {@code
 * pagesEvery} populated pages, whichever comes first (DESIGN.md §3.3), plus any the step marks as
 * urgent. Used by one thread.
 */
final class ThrottledProgress implements ProgressSink {
    private final StepRef ref;
    private final HostId host;
    private final ReportSink reports;
    private final CrashPoints crashPoints;
    private final Clock clock;
    private final Duration interval;
    private final long pagesEvery;
    private long lastAtMillis;
    private long lastPages;

    ThrottledProgress(
            StepRef ref,
            HostId host,
            ReportSink reports,
            CrashPoints crashPoints,
            Clock clock,
            Duration interval,
            long pagesEvery) {
        this.ref = ref;
        this.host = host;
        this.reports = reports;
        this.crashPoints = crashPoints;
        this.clock = clock;
        this.interval = interval;
        this.pagesEvery = pagesEvery;
        this.lastAtMillis = clock.millis();
    }

    @Override
    public void progressed(double fraction, Map<String, String> checkpoint, boolean publishNow) {
        long now = clock.millis();
        long pages = pages(checkpoint);
        boolean due =
                publishNow
                        || now - lastAtMillis >= interval.toMillis()
                        || (pages >= 0 && pages - lastPages >= pagesEvery);
        if (due) {
            reports.publish(
                    new HostReport.StepProgressed(
                            ref, host, Math.min(1, fraction), checkpoint, clock.instant()));
            lastAtMillis = now;
            lastPages = Math.max(pages, lastPages);
        }
        crashPoints.onProgress(ref.step(), fraction);
    }

    private long pages(Map<String, String> checkpoint) {
        String done = checkpoint.get("pagesDone");
        if (done == null) {
            return -1;
        }
        long pages = Long.parseLong(done);
        if (lastPages == 0 && checkpoint.containsKey("resumedFromPages")) {
            lastPages = Long.parseLong(checkpoint.get("resumedFromPages"));
        }
        return pages;
    }
}
