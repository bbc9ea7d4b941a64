package io.slipway.agent.run;

import io.slipway.agent.report.ReportSink;
import io.slipway.protocol.HostReport;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@code StepStarted} report of one step, sent only when the step is still running after a
 * delay. A step that ends sooner is told by its final report alone, which carries when it was
 * taken: most steps take milliseconds, and one report instead of two halves what the orchestrator
 * records for them. A long step still shows as started (and its deadline is pushed) soon after it
 * begins.
 */
final class DelayedStart {
    /** One timer thread for every agent in the JVM: firing is rare and sending does not block. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final ReportSink reports;
    private final HostReport.StepStarted report;
    private ScheduledFuture<?> pending;
    private boolean ended;

    private DelayedStart(ReportSink reports, HostReport.StepStarted report) {
        this.reports = reports;
        this.report = report;
    }

    /** Sends {@code report} after {@code delay} unless {@link #end} comes first; at once for 0. */
    static DelayedStart schedule(
            ReportSink reports, HostReport.StepStarted report, Duration delay) {
        DelayedStart start = new DelayedStart(reports, report);
        if (delay.isZero()) {
            start.fire();
        } else {
            synchronized (start) {
                start.pending = TIMER.schedule(start::fire, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return start;
    }

    private synchronized void fire() {
        if (!ended) {
            reports.publish(report);
        }
    }

    /**
     * The step is over: from here on the start is not sent. Called before the final report is
     * published, so a start that was sent precedes it on the domain's partition.
     */
    synchronized void end() {
        ended = true;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer =
                new ScheduledThreadPoolExecutor(
                        1,
                        r -> {
                            Thread t = new Thread(r, "start-reports");
                            t.setDaemon(true);
                            return t;
                        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
