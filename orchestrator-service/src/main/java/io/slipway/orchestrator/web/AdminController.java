package io.slipway.orchestrator.web;

import io.slipway.orchestrator.audit.Audited;
import io.slipway.orchestrator.projection.ProjectionRebuilder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin}: operator actions. {@code projections/rebuild} replays the event log into
 * the read model and reports whether it came out identical (by hash); {@code dryRun=true} only
 * checks, {@code redrive=true} re-drives unfinished domains after a restore from the log.
 */
@RestController
@RequestMapping("/api/v1/admin")
public class AdminController {
    private final ProjectionRebuilder rebuilder;

    public AdminController(ProjectionRebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    @PostMapping("/projections/rebuild")
    @Audited("projections.rebuild")
    public ProjectionRebuilder.Result rebuild(
            @RequestParam(defaultValue = "true") boolean dryRun,
            @RequestParam(defaultValue = "false") boolean redrive) {
        return rebuilder.rebuild(!dryRun, redrive);
    }
}
