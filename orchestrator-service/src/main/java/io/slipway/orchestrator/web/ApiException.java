package io.slipway.orchestrator.web;

import io.slipway.orchestrator.problems.ProblemType;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * A client error (or a refusal to serve now): its problem type (which fixes the HTTP status and the
 * title), a sentence saying what is wrong, and for 503 how long to wait before retrying.
 */
class ApiException extends RuntimeException {
    private final ProblemType type;
    private final Duration retryAfter;

    ApiException(ProblemType type, String detail) {
        this(type, detail, null);
    }

    ApiException(ProblemType type, String detail, Duration retryAfter) {
        super(detail);
        this.type = type;
        this.retryAfter = retryAfter;
    }

    ProblemType type() {
        return type;
    }

    HttpStatus status() {
        return type.status();
    }

    String title() {
        return type.title();
    }

    /** Null when the client should not simply retry. */
    Duration retryAfter() {
        return retryAfter;
    }

    static ApiException notFound(String what) {
        return new ApiException(ProblemType.NOT_FOUND, what + " does not exist");
    }
}
