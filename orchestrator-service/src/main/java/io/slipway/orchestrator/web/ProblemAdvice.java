package io.slipway.orchestrator.web;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.orchestrator.domains.DomainService;
import io.slipway.orchestrator.placement.NoCapacityException;
import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.orchestrator.templates.CompositionException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error as RFC 9457 {@code application/problem+json}: a title, a sentence saying what is
 * wrong, and for descriptions the list of every problem found. Never a stack trace. The exceptions
 * Spring MVC raises before a controller runs (unreadable or oversized bodies, type mismatches in
 * path variables and parameters, unknown paths, unsupported or unacceptable media types, wrong
 * methods) are 4xx problems through {@link ResponseEntityExceptionHandler}, with the content type
 * forced to {@code application/problem+json} whatever the client's {@code Accept} said; what fails
 * outside Spring MVC (filters, the container) is answered by {@link ProblemErrorController}. A 5xx
 * is left only for what is not the client's fault.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ExceptionHandler(DeviceTreeException.class)
    ResponseEntity<ProblemDetail> invalidDescription(DeviceTreeException e) {
        List<Map<String, Object>> errors =
                e.diagnostics().stream().map(ProblemAdvice::error).toList();
        ProblemDetail p =
                problem(
                        ProblemType.INVALID_DESCRIPTION,
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
                            ProblemType.NO_CAPACITY_NOW,
                            "no host has room for this guest now; retry later"),
                    "5");
        }
        return respond(
                problem(
                        ProblemType.DOES_NOT_FIT,
                        "no host could ever run this guest (its memory, vCPUs, architecture or"
                                + " PCI devices exceed every host's)"),
                null);
    }

    @ExceptionHandler(CompositionException.class)
    ResponseEntity<ProblemDetail> composition(CompositionException e) {
        ProblemType type =
                e.reason() == CompositionException.Reason.UNKNOWN_TEMPLATE
                        ? ProblemType.UNKNOWN_TEMPLATE
                        : ProblemType.INVALID_COMPOSITION;
        return respond(problem(type, e.getMessage()), null);
    }

    @ExceptionHandler(DomainService.IdempotencyConflictException.class)
    ResponseEntity<ProblemDetail> idempotency(RuntimeException e) {
        return respond(problem(ProblemType.IDEMPOTENCY_KEY_REUSED, e.getMessage()), null);
    }

    @ExceptionHandler(DomainService.HandleInUseException.class)
    ResponseEntity<ProblemDetail> handleInUse(RuntimeException e) {
        return respond(problem(ProblemType.DOMAIN_UUID_IN_USE, e.getMessage()), null);
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
                        ProblemType.CONTENTION,
                        "the request collided with concurrent ones and was not accepted; retry it"),
                "1");
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return respond(problemOf(e), retryAfter(e.retryAfter()));
    }

    /**
     * An I/O failure reading the request: the client stopped sending (a read timed out) or went
     * away. Nothing was accepted.
     */
    @ExceptionHandler(IOException.class)
    ResponseEntity<ProblemDetail> unreadable(IOException e) {
        log.debug("request body unreadable: {}", e.toString());
        if (e instanceof SocketTimeoutException) {
            return respond(
                    problem(ProblemType.REQUEST_BODY_TOO_SLOW, "the request body stopped arriving"),
                    null);
        }
        return respond(
                problem(ProblemType.UNREADABLE_REQUEST, "the request body could not be read"),
                null);
    }

    /**
     * The container refused to parse the parameters: more than {@code
     * server.tomcat.max-parameter-count}, or a form post over {@code
     * server.tomcat.max-http-form-post-size} (Tomcat's own status: 400 or 413).
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameters(InvalidParameterException e) {
        HttpStatus status = HttpStatus.resolve(e.getErrorCode());
        ProblemDetail p =
                problem(
                        ProblemType.INVALID_PARAMETERS,
                        "too many parameters, or a form body too large to parse");
        if (status != null && status.is4xxClientError()) {
            p.setStatus(status);
        }
        return respond(p, null);
    }

    /** A body cut off by {@link BoundedBodyFilter} while Jackson was reading it. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return new ResponseEntity<>(problemOf(api), problemHeaders(null), api.status());
            }
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }

    /**
     * Every response Spring MVC's own handlers build: a problem with a type, as {@code
     * application/problem+json} regardless of {@code Accept} (a client that asked for an event
     * stream still gets its 404 as a problem, not a 406 about the error).
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail p =
                body instanceof ProblemDetail d ? d : ProblemDetail.forStatus(status.value());
        if (p.getTitle() == null) {
            HttpStatus known = HttpStatus.resolve(status.value());
            p.setTitle(known == null ? "Error " + status.value() : known.getReasonPhrase());
        }
        if (p.getDetail() == null) {
            p.setDetail(p.getTitle());
        }
        if (p.getType() == null || ProblemType.of(p.getType().toString()).isEmpty()) {
            p.setType(ProblemType.forStatus(status).uri());
        }
        HttpHeaders h = new HttpHeaders();
        h.putAll(headers);
        h.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(p, h, status);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return respond(
                problem(
                        ProblemType.INTERNAL,
                        "the request could not be completed; nothing was accepted unless a later GET shows it"),
                null);
    }

    /**
     * Writes {@code e} as a problem straight onto a servlet response, for code that runs before
     * Spring MVC (filters); does nothing if the response is already committed.
     */
    static void write(HttpServletResponse response, ApiException e) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(e.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        String retryAfter = retryAfter(e.retryAfter());
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", e.type().uri().toString());
        body.put("title", e.title());
        body.put("status", e.status().value());
        body.put("detail", e.getMessage());
        response.getOutputStream()
                .write(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
    }

    static ProblemDetail problemOf(ApiException e) {
        return problem(e.type(), e.getMessage());
    }

    private static String retryAfter(Duration d) {
        return d == null ? null : Long.toString(Math.max(1, d.toSeconds()));
    }

    private static HttpHeaders problemHeaders(String retryAfterSeconds) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfterSeconds != null) {
            h.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        }
        return h;
    }

    private static Map<String, Object> error(Diagnostic d) {
        Map<String, Object> m = new LinkedHashMap<>();
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

    static ProblemDetail problem(ProblemType type, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(type.status(), detail);
        p.setType(type.uri());
        p.setTitle(type.title());
        return p;
    }

    static ResponseEntity<ProblemDetail> respond(ProblemDetail p, String retryAfterSeconds) {
        return new ResponseEntity<>(
                p, problemHeaders(retryAfterSeconds), HttpStatusCode.valueOf(p.getStatus()));
    }
}
