package io.slipway.orchestrator.web;

import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.protocol.HostId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Checks of the path and query parameters several controllers share; each refusal is a 400. */
final class RequestParameters {
    /** The largest page any list endpoint returns. */
    static final int MAX_PAGE_SIZE = 500;

    private RequestParameters() {}

    static void checkPaging(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ApiException(
                    ProblemType.INVALID_PAGING,
                    "page must be >= 0 and size in 1.." + MAX_PAGE_SIZE);
        }
    }

    /**
     * An {@code asOf} instant: ISO-8601 with a zone or offset ({@code 2026-12-02T14:02:00Z}, {@code
     * 2026-12-02T15:02:00+01:00}); null when absent.
     */
    static Instant asOf(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(
                    ProblemType.INVALID_AS_OF,
                    "asOf must be an ISO-8601 instant with a zone or offset, such as"
                            + " 2026-12-02T14:02:00Z");
        }
    }

    /** A path or query parameter that must be a positive int (a version number). */
    static int positiveInt(String name, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(
                ProblemType.INVALID_VERSION, name + " must be a positive integer, not " + text);
    }

    static HostId hostId(String id) {
        if (!HostId.isValid(id)) {
            throw new ApiException(
                    ProblemType.INVALID_HOST_ID,
                    "'" + id + "' is not a host id (1-63 of [a-z0-9-])");
        }
        return HostId.of(id);
    }
}
