package io.slipway.orchestrator.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One authorized mutating request as the audit keeps it.
 *
 * @param target what it acted on: the created resource's path for a creation, else the request path
 * @param status the HTTP status answered
 * @param outcome {@code SUCCEEDED} (2xx), {@code REFUSED} (4xx) or {@code FAILED} (5xx, or an
 *     exception)
 */
public record AuditEntry(
        long id,
        UUID requestId,
        Instant at,
        String action,
        String method,
        String target,
        String subject,
        String tenant,
        List<String> roles,
        int status,
        String outcome) {}
