package io.slipway.agent.step;

import java.util.Map;

/**
 * Where a long step tells how far it got. Called after every unit of durable work (an extent, a
 * device, a PCI function), from the step's thread; the implementation decides what to publish.
 */
@FunctionalInterface
public interface ProgressSink {
    /**
     * @param fraction 0..1
     * @param checkpoint enough to resume from; sent back by the orchestrator as {@code resumeFrom}
     * @param publishNow publish this one regardless of throttling (the first report after a resume)
     */
    void progressed(double fraction, Map<String, String> checkpoint, boolean publishNow);
}
