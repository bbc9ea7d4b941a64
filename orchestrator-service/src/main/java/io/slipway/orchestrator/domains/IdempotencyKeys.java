package io.slipway.orchestrator.domains;

import io.slipway.protocol.DomainId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Client idempotency keys of {@code POST /domains}, scoped per tenant (two tenants using the same
 * key get two domains, and neither learns of the other's). A key is bound to the request's
 * description digest and the domain it created, in the creating transaction; a concurrent request
 * with the same key waits on the key's row until the first commits or rolls back.
 */
@Component
public class IdempotencyKeys {
    /** What a key is already bound to. */
    public record Binding(String requestHash, DomainId domainId) {}

    private final JdbcClient jdbc;

    public IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Binds {@code key} in {@code tenant} (null: the tenant-less scope), or returns what it was
     * already bound to there.
     */
    public Optional<Binding> bind(
            String tenant, String key, String requestHash, DomainId domainId, Instant now) {
        String scope = tenant == null ? "" : tenant;
        int inserted =
                jdbc.sql(
                                "insert into idempotency_key (tenant, key, request_hash, domain_id,"
                                        + " created_at) values (?, ?, ?, ?, ?)"
                                        + " on conflict (tenant, key) do nothing")
                        .params(scope, key, requestHash, domainId.value(), Timestamp.from(now))
                        .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.sql(
                        "select request_hash, domain_id from idempotency_key"
                                + " where tenant = ? and key = ?")
                .params(scope, key)
                .query(
                        (rs, n) ->
                                new Binding(
                                        rs.getString(1), new DomainId(rs.getObject(2, UUID.class))))
                .optional();
    }

    /** Forgets keys created before {@code before}; returns how many. */
    public int forgetBefore(Instant before) {
        return jdbc.sql("delete from idempotency_key where created_at < ?")
                .param(Timestamp.from(before))
                .update();
    }
}
