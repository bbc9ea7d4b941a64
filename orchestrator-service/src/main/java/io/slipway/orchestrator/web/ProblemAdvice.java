package io.slipway.orchestrator.web;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.orchestrator.creation.DomainService;
import io.slipway.orchestrator.placement.NoCapacityException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 {@code application/problem+json}: a title, a sentence saying what is
 * wrong, and for descriptions the list of every problem found. Never a stack trace.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final String TYPES = "https://slipway.io/problems/";

    @ExceptionHandler(DeviceTreeException.class)
    ResponseEntity<ProblemDetail> invalidDescription(DeviceTreeException e) {
        List<Map<String, Object>> errors =
                e.diagnostics().stream().map(ProblemAdvice::error).toList();
        ProblemDetail p =
                problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-description",
                        "Invalid guest description",
                        errors.size()
                                + " problem(s) in the guest description: "
                                + e.diagnostics().get(0));
        p.setProperty("errors", errors);
        return respond(p, null);
    }

    /**
     * Placement's reasons name hosts and their free capacity: an operator's business, not a
     * tenant's, so they go to the log and the caller gets a sentence without them.
     */
    @ExceptionHandler(NoCapacityException.class)
    ResponseEntity<ProblemDetail> noCapacity(NoCapacityException e) {
        log.info("placement refused: {}", e.getMessage());
        if (e.retryLater()) {
            return respond(
                    problem(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "no-capacity-now",
                            "No capacity now",
                            "no host has room for this guest now; retry later"),
                    "5");
        }
        return respond(
                problem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "does-not-fit",
                        "Fits on no host",
                        "no host could ever run this guest (its memory, vCPUs, architecture or"
                                + " PCI devices exceed every host's)"),
                null);
    }

    @ExceptionHandler(DomainService.IdempotencyConflictException.class)
    ResponseEntity<ProblemDetail> idempotency(RuntimeException e) {
        return respond(
                problem(
                        HttpStatus.CONFLICT,
                        "idempotency-key-reused",
                        "Idempotency-Key reused",
                        e.getMessage()),
                null);
    }

    @ExceptionHandler(DomainService.HandleInUseException.class)
    ResponseEntity<ProblemDetail> handleInUse(RuntimeException e) {
        return respond(
                problem(
                        HttpStatus.CONFLICT,
                        "domain-uuid-in-use",
                        "domain-uuid in use",
                        e.getMessage()),
                null);
    }

    /**
     * Lock contention that the database resolved by aborting us: nothing was written; try again.
     */
    @ExceptionHandler({
        org.springframework.dao.PessimisticLockingFailureException.class,
        io.slipway.orchestrator.eventstore.ConcurrencyConflictException.class
    })
    ResponseEntity<ProblemDetail> contention(RuntimeException e) {
        log.warn("request aborted by contention: {}", e.getMessage());
        return respond(
                problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "contention",
                        "Busy",
                        "the request collided with concurrent ones and was not accepted; retry it"),
                "1");
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        String slug = e.title().toLowerCase().replaceAll("[^a-z0-9]+", "-");
        return respond(problem(e.status(), slug, e.title(), e.getMessage()), null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return respond(
                problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal",
                        "Internal error",
                        "the request could not be completed; nothing was accepted unless a later GET shows it"),
                null);
    }

    private static Map<String, Object> error(Diagnostic d) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (d.nodePath() != null) {
            m.put("node", d.nodePath());
        }
        if (d.property() != null) {
            m.put("property", d.property());
        }
        if (d.position() != null) {
            m.put("line", d.position().line());
            m.put("column", d.position().column());
        }
        if (d.byteOffset() >= 0) {
            m.put("byteOffset", d.byteOffset());
        }
        m.put("message", d.message());
        m.put("text", d.toString());
        return m;
    }

    private static ProblemDetail problem(
            HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPES + type));
        p.setTitle(title);
        return p;
    }

    private static ResponseEntity<ProblemDetail> respond(
            ProblemDetail p, String retryAfterSeconds) {
        ResponseEntity.BodyBuilder b =
                ResponseEntity.status(p.getStatus())
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfterSeconds != null) {
            b.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        }
        return b.body(p);
    }
}
