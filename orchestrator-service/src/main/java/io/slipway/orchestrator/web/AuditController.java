package io.slipway.orchestrator.web;

import io.slipway.orchestrator.audit.AuditEntry;
import io.slipway.orchestrator.audit.AuditLog;
import io.slipway.orchestrator.problems.ProblemType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit?action=&subject=&page=&size=}: the authorized mutating requests, newest
 * first, with who made them (from their tokens), their request id and outcome.
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {
    private static final int MAX_FILTER = 200;

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    public DomainController.PageView<AuditEntry> page(
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String subject,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        RequestParameters.checkPaging(page, size);
        if ((action != null && action.length() > MAX_FILTER)
                || (subject != null && subject.length() > MAX_FILTER)) {
            throw new ApiException(
                    ProblemType.INVALID_FILTER,
                    "action and subject are at most " + MAX_FILTER + " characters");
        }
        AuditLog.Page rows = audit.page(action, subject, page, size);
        return new DomainController.PageView<>(rows.items(), page, size, rows.total());
    }
}
