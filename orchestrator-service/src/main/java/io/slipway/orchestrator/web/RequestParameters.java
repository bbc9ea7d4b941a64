package io.slipway.orchestrator.web;

import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.protocol.HostId;

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

    static HostId hostId(String id) {
        if (!HostId.isValid(id)) {
            throw new ApiException(
                    ProblemType.INVALID_HOST_ID,
                    "'" + id + "' is not a host id (1-63 of [a-z0-9-])");
        }
        return HostId.of(id);
    }
}
