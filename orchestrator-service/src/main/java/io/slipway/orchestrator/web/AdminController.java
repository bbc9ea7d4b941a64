package io.slipway.orchestrator.web;

import io.slipway.orchestrator.audit.Audited;
import io.slipway.orchestrator.outbox.ParkedMessages;
import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.orchestrator.recovery.ProjectionRebuilder;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin}: operator actions. {@code projections/rebuild} replays the event log into
 * the read model and reports whether it came out identical (by hash); {@code dryRun=true} only
 * checks (without blocking writes), {@code redrive=true} re-drives unfinished domains after a
 * restore from the log; one rebuild at a time across replicas, 409 meanwhile. {@code outbox} shows
 * what waits to be published and {@code outbox/parked} the messages Kafka refused for good.
 */
@RestController
@RequestMapping("/api/v1/admin")
class AdminController {

    private final ProjectionRebuilder rebuilder;
    private final ParkedMessages outbox;

    public AdminController(ProjectionRebuilder rebuilder, ParkedMessages outbox) {
        this.rebuilder = rebuilder;
        this.outbox = outbox;
    }

    @PostMapping("/projections/rebuild")
    @Audited("projections.rebuild")
    public ProjectionRebuilder.Result rebuild(
            @RequestParam(defaultValue = "true") boolean dryRun,
            @RequestParam(defaultValue = "false") boolean redrive) {
        try {
            return rebuilder.rebuild(!dryRun, redrive);
        } catch (ProjectionRebuilder.RebuildInProgressException e) {
            throw new ApiException(ProblemType.REBUILD_IN_PROGRESS, e.getMessage());
        }
    }

    /** Pending and parked counts, and how old the oldest pending message is. */
    @GetMapping("/outbox")
    public ParkedMessages.Summary outbox() {
        return outbox.summary();
    }

    /** Parked messages with their reasons, oldest first. */
    @GetMapping("/outbox/parked")
    public DomainController.PageView<ParkedMessages.Parked> parked(
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        RequestParameters.checkPaging(page, size);
        List<ParkedMessages.Parked> items = outbox.parked(page, size);
        return new DomainController.PageView<>(items, page, size, outbox.summary().parked());
    }
}
