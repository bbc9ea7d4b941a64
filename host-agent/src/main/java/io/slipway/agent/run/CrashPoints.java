package io.slipway.agent.run;

import io.slipway.agent.durable.DurableFiles;
import io.slipway.protocol.StepName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Halts the process at configured points, each at most once per state directory: before halting,
 * the point is recorded durably, so that the restarted agent runs through it. Inert when no point
 * is configured.
 */
public final class CrashPoints {
    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);

    /** Ends the process abruptly. */
    @FunctionalInterface
    public interface Halter {
        void halt(int status);
    }

    private final List<CrashPoint> points;
    private final Path dir;
    private final Halter halter;

    public CrashPoints(List<CrashPoint> points, Path stateDir, Halter halter) {
        this.points = List.copyOf(points);
        this.dir = stateDir.resolve("crash-points");
        this.halter = halter;
    }

    /** Called after a step acted on the hypervisor and before its final report is sent. */
    public void afterAct(StepName step) {
        at(step, CrashPoint.Moment.AFTER_ACT);
    }

    /** Called after every unit of progress of a step. */
    public void onProgress(StepName step, double fraction) {
        for (CrashPoint p : points) {
            if (p.step() == step
                    && p.moment() == CrashPoint.Moment.MID_STEP
                    && fraction >= p.fraction()) {
                fire(p);
            }
        }
    }

    /**
     * Called once a command's final report was acknowledged and before its journal entry is marked
     * done.
     */
    public void afterReport(StepName step) {
        at(step, CrashPoint.Moment.AFTER_REPORT);
    }

    /** Called once a command taken from Kafka is journaled and before its offset is committed. */
    public void beforeOffsetCommit(StepName step) {
        at(step, CrashPoint.Moment.BEFORE_OFFSET_COMMIT);
    }

    private void at(StepName step, CrashPoint.Moment moment) {
        for (CrashPoint p : points) {
            if (p.step() == step && p.moment() == moment) {
                fire(p);
            }
        }
    }

    private void fire(CrashPoint p) {
        Path record = dir.resolve(p.id() + ".fired");
        if (Files.exists(record)) {
            return;
        }
        DurableFiles.replace(record, p.id());
        log.warn("crash point {} reached: halting", p.id());
        halter.halt(137);
    }
}
