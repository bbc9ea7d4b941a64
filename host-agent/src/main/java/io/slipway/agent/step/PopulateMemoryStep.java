package io.slipway.agent.step;

import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepName;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Populates guest memory extent by extent. Checkpointed: the hypervisor's populated page count is
 * the truth; the orchestrator's {@code resumeFrom} checkpoint is only compared with it (and a
 * disagreement logged). Every extent is reported to the progress sink with the checkpoint {@code
 * {nextGfn, pagesDone}}; the first one after a resume also carries {@code resumedFromPages} and is
 * published at once.
 */
final class PopulateMemoryStep implements Step {
    private static final Logger log = LoggerFactory.getLogger(PopulateMemoryStep.class);

    /** Pages per populate call: 256 MiB, Xen's usual batch for a large guest. */
    static final long EXTENT_PAGES = 65_536;

    @Override
    public StepName name() {
        return StepName.POPULATE_MEMORY;
    }

    @Override
    public StepResult execute(StepContext ctx) throws StepFailure {
        long target = ctx.spec().pages();
        long done = ctx.requireOwnDomain().populatedPages();
        verifyCheckpoint(ctx, done);
        long resumedFrom = done;
        boolean first = true;
        while (done < target) {
            ctx.cancellation().check();
            long extent = Math.min(EXTENT_PAGES, target - done);
            done = ctx.driver().populateExtent(ctx.handle(), extent);
            Map<String, String> checkpoint = new LinkedHashMap<>();
            checkpoint.put("nextGfn", Long.toString(done));
            checkpoint.put("pagesDone", Long.toString(done));
            boolean resumed = first && resumedFrom > 0;
            if (resumed) {
                checkpoint.put("resumedFromPages", Long.toString(resumedFrom));
            }
            ctx.progress().progressed((double) done / target, checkpoint, resumed);
            first = false;
        }
        long verified = ctx.requireOwnDomain().populatedPages();
        if (verified != target) {
            throw new StepFailure(
                    FailureCode.HYPERVISOR_ERROR,
                    true,
                    "populated " + verified + " pages, expected " + target);
        }
        return StepResult.of(
                "pages", Long.toString(verified), "resumedFromPages", Long.toString(resumedFrom));
    }

    private static void verifyCheckpoint(StepContext ctx, long actual) {
        String claimed = ctx.resumeFrom().get("pagesDone");
        if (claimed == null) {
            return;
        }
        long pages;
        try {
            pages = Long.parseLong(claimed);
        } catch (NumberFormatException e) {
            log.warn(
                    "domain={} ignoring unreadable checkpoint pagesDone={}",
                    ctx.ref().domainId(),
                    claimed);
            return;
        }
        if (pages > actual) {
            // The hypervisor lost pages the orchestrator saw (or the domain was rebuilt): trust it.
            log.warn(
                    "domain={} checkpoint claims {} pages but the hypervisor holds {}; resuming from {}",
                    ctx.ref().domainId(),
                    pages,
                    actual,
                    actual);
        }
    }
}
