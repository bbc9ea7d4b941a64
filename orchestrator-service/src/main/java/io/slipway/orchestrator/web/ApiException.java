package io.slipway.orchestrator.web;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * A client error (or a refusal to serve now) with its HTTP status, a sentence saying what is wrong,
 * and for 503 how long to wait before retrying.
 */
class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String title;
    private final Duration retryAfter;

    public ApiException(HttpStatus status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ApiException(HttpStatus status, String title, String detail, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Null when the client should not simply retry. */
    public Duration retryAfter() {
        return retryAfter;
    }

    static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found", what + " does not exist");
    }
}
