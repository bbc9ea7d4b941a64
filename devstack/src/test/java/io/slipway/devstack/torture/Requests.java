package io.slipway.devstack.torture;

import io.slipway.devstack.harness.ApiClient;
import io.slipway.devstack.harness.ApiResponse;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * Client requests that survive outages: each call is one attempt, answers empty when the attempt
 * must be repeated (orchestrator down, database or broker unavailable, contention), and throws for
 * an answer that is a bug. Creations carry an {@code Idempotency-Key}, so a repeat after a crash
 * mid-request yields the same domain. Thread-safe.
 */
final class Requests {
    private Requests() {}

    /** The guest fits on no host now known (422): a refusal, not a lost request. */
    static final class DoesNotFit extends IllegalStateException {
        DoesNotFit(String answer) {
            super(answer);
        }
    }

    /**
     * One attempt at {@code POST /api/v1/domains}.
     *
     * @return the domain id once accepted (202, or 200 for a repeat of an accepted request)
     * @throws IllegalStateException for an answer that repeating cannot fix
     */
    static Optional<String> tryCreate(ApiClient api, String dts, String idempotencyKey) {
        ApiResponse r;
        try {
            r =
                    api.post(
                            "/api/v1/domains",
                            "text/plain",
                            dts,
                            Map.of("Idempotency-Key", idempotencyKey));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
        if (r.status() == 200 || r.status() == 202) {
            return Optional.of(r.json().path("id").asString());
        }
        if (r.status() >= 500 || r.status() == 429) {
            return Optional.empty();
        }
        if (r.status() == 422 && r.text().contains("does-not-fit")) {
            throw new DoesNotFit(r.toString());
        }
        throw new IllegalStateException("creation refused (key " + idempotencyKey + "): " + r);
    }

    /**
     * One attempt at {@code DELETE /api/v1/domains/{id}}.
     *
     * @return true once the destroy is recorded (202), false to repeat
     */
    static boolean tryDestroy(ApiClient api, String id) {
        ApiResponse r;
        try {
            r = api.delete("/api/v1/domains/" + id);
        } catch (UncheckedIOException e) {
            return false;
        }
        if (r.status() == 202 || r.status() == 200) {
            return true;
        }
        if (r.status() >= 500 || r.status() == 429) {
            return false;
        }
        throw new IllegalStateException("destroy of " + id + " refused: " + r);
    }

    /** The domain's state, or empty when the orchestrator cannot answer right now. */
    static Optional<String> state(ApiClient api, String id) {
        try {
            ApiResponse r = api.get("/api/v1/domains/" + id);
            return r.status() == 200
                    ? Optional.of(r.json().path("state").asString())
                    : Optional.empty();
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
