package io.slipway.orchestrator.eventstore;

import io.slipway.orchestrator.creation.DomainEvent;
import io.slipway.orchestrator.security.Actor;
import io.slipway.orchestrator.security.Role;
import io.slipway.protocol.DomainId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The append-only event log in PostgreSQL. Appends state the version they expect, so two writers
 * deciding on the same domain cannot both win (the unique {@code (domain_id, version)} refuses the
 * second). Must be called inside the caller's transaction.
 */
@Repository
public class EventStore {
    private final JdbcClient jdbc;
    private final EventCodec codec;

    public EventStore(JdbcClient jdbc, EventCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
    }

    public List<StoredEvent> load(DomainId domainId) {
        return loadAfter(domainId, 0);
    }

    /** The events of the stream with a version above {@code version}, in order. */
    public List<StoredEvent> loadAfter(DomainId domainId, int version) {
        return jdbc.sql(
                        "select global_position, version, type, payload::text as payload, recorded_at"
                                + " from events where domain_id = ? and version > ? order by version")
                .params(domainId.value(), version)
                .query(
                        (rs, n) ->
                                new StoredEvent(
                                        rs.getLong("global_position"),
                                        domainId,
                                        rs.getInt("version"),
                                        rs.getTimestamp("recorded_at").toInstant(),
                                        codec.decode(rs.getString("type"), rs.getString("payload")),
                                        rs.getString("payload")))
                .list();
    }

    /**
     * Appends {@code events} as versions {@code expectedVersion + 1 ...}, each recording {@code
     * actor} (who caused them: the API caller, or null when a report, timer or host failure did)
     * and its request id.
     *
     * @throws ConcurrencyConflictException when the stream is no longer at {@code expectedVersion}
     */
    public List<StoredEvent> append(
            DomainId domainId,
            int expectedVersion,
            List<DomainEvent> events,
            Instant recordedAt,
            UUID causationId,
            Actor actor) {
        String actorJson = actor == null ? null : codec.mapper().writeValueAsString(asMap(actor));
        UUID requestId = actor == null ? null : actor.requestId();
        int n = events.size();
        Integer[] versions = new Integer[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            versions[i] = expectedVersion + 1 + i;
            types[i] = codec.type(events.get(i));
            payloads[i] = codec.payload(events.get(i));
        }
        List<Long> positions;
        try {
            // one statement for the whole decision; positions are drawn in version order
            positions =
                    jdbc
                            .sql(
                                    "insert into events (domain_id, version, type, payload,"
                                            + " recorded_at, causation_id, correlation_id, actor,"
                                            + " request_id)"
                                            + " select ?::uuid, v, t, p::jsonb, ?::timestamptz, ?::uuid, ?::uuid,"
                                            + " ?::jsonb, ?::uuid"
                                            + " from unnest(?::int[], ?::text[], ?::text[])"
                                            + " as e(v, t, p) order by v"
                                            + " returning global_position")
                            .params(
                                    domainId.value(),
                                    Timestamp.from(recordedAt),
                                    causationId,
                                    domainId.value(),
                                    actorJson,
                                    requestId,
                                    versions,
                                    types,
                                    payloads)
                            .query(Long.class)
                            .list()
                            .stream()
                            .sorted()
                            .toList();
        } catch (DuplicateKeyException e) {
            throw new ConcurrencyConflictException(domainId, expectedVersion);
        }
        List<StoredEvent> stored = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            stored.add(
                    new StoredEvent(
                            positions.get(i),
                            domainId,
                            versions[i],
                            recordedAt,
                            events.get(i),
                            payloads[i]));
        }
        return stored;
    }

    private static Map<String, Object> asMap(Actor actor) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", actor.subject());
        m.put("tenant", actor.tenant());
        m.put("roles", actor.roles().stream().sorted().map(Role::claimValue).toList());
        return m;
    }

    /** Every domain that has a stream, for rebuilding projections. */
    public List<DomainId> domains() {
        return jdbc.sql("select distinct domain_id from events")
                .query((rs, n) -> new DomainId(rs.getObject(1, UUID.class)))
                .list();
    }
}
