package io.slipway.orchestrator.recovery;

import io.slipway.orchestrator.eventstore.EventCodec;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends to a restored log the events it lacks, from the feed, in one transaction: either every
 * missing event is appended, at its original version and global position, or nothing is.
 *
 * <p>An event the log already has must be the same: the same type, an equal payload (compared as
 * JSON values, so key order and spacing do not matter), the same global position and the same
 * instant (both are at the database's microsecond precision, decision 65). A repeated feed message
 * (the relay sends at least once) must repeat the same events. Missing events must continue the
 * domain's stream without a gap. A domain whose feed history starts after the log's last version on
 * a partition that retention has cut is left to host reconciliation, not refused: the feed cannot
 * say what happened before. Every other disagreement is a conflict, and any conflict stops the
 * catch-up before anything is written.
 */
@Component
class FeedCatchUp {
    private static final int MAX_CONFLICTS = 20;
    private static final int INSERT_BATCH = 500;

    /** What the catch-up found and did. */
    record Result(
            long messagesRead,
            long eventsAppended,
            long eventsPresent,
            long eventsRepeated,
            Set<UUID> domainsBeyondRetention) {}

    /** The catch-up stopped: the restored log and the feed disagree. Nothing was written. */
    static final class Conflict extends RuntimeException {
        private final List<String> conflicts;
        private final long messagesRead;

        Conflict(List<String> conflicts, long messagesRead) {
            super(conflicts.get(0) + (conflicts.size() > 1 ? " (and more)" : ""));
            this.conflicts = List.copyOf(conflicts);
            this.messagesRead = messagesRead;
        }

        List<String> conflicts() {
            return conflicts;
        }

        long messagesRead() {
            return messagesRead;
        }
    }

    /** An event from the feed. */
    private record FeedEvent(
            UUID domainId,
            int version,
            long position,
            String type,
            Instant recordedAt,
            String payload,
            String where) {}

    private final FeedReader feed;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final EventCodec codec;
    private final RecoverySettings settings;
    private final JsonMapper json = JsonMapper.builder().build();

    FeedCatchUp(
            FeedReader feed,
            JdbcClient jdbc,
            TransactionTemplate tx,
            EventCodec codec,
            RecoverySettings settings) {
        this.feed = feed;
        this.jdbc = jdbc;
        this.tx = tx;
        this.codec = codec;
        this.settings = settings;
    }

    /**
     * Reads {@code topic} to its current end and appends what the log lacks.
     *
     * @throws Conflict when the log and the feed disagree; nothing is written then
     */
    Result run(String topic, LongConsumer progress) {
        return tx.execute(status -> new Run(progress).run(topic));
    }

    /** One catch-up's state, inside its transaction. */
    private final class Run {
        private final LongConsumer progress;
        private final Map<UUID, Integer> logHead = new HashMap<>();
        private final Map<UUID, Integer> next = new HashMap<>();
        private final Map<String, FeedEvent> missing = new HashMap<>();
        private final Set<UUID> beyondRetention = new LinkedHashSet<>();
        private final Set<UUID> gapped = new HashSet<>();
        private final List<String> conflicts = new ArrayList<>();
        private FeedReader.Extent extent;
        private long messages;
        private long present;
        private long repeated;

        Run(LongConsumer progress) {
            this.progress = progress;
        }

        Result run(String topic) {
            Boolean locked =
                    jdbc.sql("select pg_try_advisory_xact_lock(?)")
                            .param(ProjectionRebuilder.LOCK_KEY)
                            .query(Boolean.class)
                            .single();
            if (!Boolean.TRUE.equals(locked)) {
                throw new Conflict(List.of("a projection rebuild or import is running"), 0);
            }
            jdbc.sql("select domain_id, max(version) from events group by domain_id")
                    .query(
                            rs -> {
                                logHead.put(rs.getObject(1, UUID.class), rs.getInt(2));
                            });
            feed.read(topic, settings.feedReadTimeout(), e -> extent = e, this::onMessage);
            if (!conflicts.isEmpty()) {
                throw new Conflict(conflicts, messages);
            }
            List<FeedEvent> toAppend = new ArrayList<>(missing.values());
            toAppend.sort(Comparator.comparingLong(FeedEvent::position));
            checkPositionsFree(toAppend);
            if (!conflicts.isEmpty()) {
                throw new Conflict(conflicts, messages);
            }
            append(toAppend);
            return new Result(messages, toAppend.size(), present, repeated, beyondRetention);
        }

        private void onMessage(FeedReader.Message m) {
            messages++;
            if (messages % 1000 == 0) {
                progress.accept(messages);
            }
            if (conflicts.size() >= MAX_CONFLICTS) {
                return;
            }
            List<FeedEvent> events = parse(m);
            if (events == null) {
                return;
            }
            UUID domain = events.get(0).domainId();
            if (beyondRetention.contains(domain) || gapped.contains(domain)) {
                return;
            }
            int head = logHead.getOrDefault(domain, 0);
            List<FeedEvent> inLog = new ArrayList<>();
            for (FeedEvent e : events) {
                if (e.version() <= head) {
                    inLog.add(e);
                    continue;
                }
                int expected = next.getOrDefault(domain, head + 1);
                if (e.version() < expected) {
                    FeedEvent first = missing.get(domain + "/" + e.version());
                    if (!sameAs(first, e)) {
                        conflict(
                                e.where()
                                        + ": domain "
                                        + domain
                                        + " version "
                                        + e.version()
                                        + " repeats with different content");
                    }
                    repeated++;
                } else if (e.version() == expected) {
                    if (missing.size() >= settings.maxMissingEvents()) {
                        conflict(
                                "the restored log lacks more than "
                                        + settings.maxMissingEvents()
                                        + " events (slipway.recovery.max-missing-events)");
                        return;
                    }
                    missing.put(domain + "/" + e.version(), e);
                    next.put(domain, expected + 1);
                } else if (!next.containsKey(domain) && extentTruncated(m.partition())) {
                    // its earlier messages went with retention: the hosts will say what it is
                    beyondRetention.add(domain);
                    return;
                } else {
                    // one report per stream: its later messages would only repeat the gap
                    gapped.add(domain);
                    conflict(
                            e.where()
                                    + ": domain "
                                    + domain
                                    + " jumps to version "
                                    + e.version()
                                    + " where "
                                    + expected
                                    + " was expected: a feed message is missing");
                    return;
                }
            }
            verifyPresent(inLog);
        }

        private boolean extentTruncated(int partition) {
            return extent != null && extent.truncated(partition);
        }

        private List<FeedEvent> parse(FeedReader.Message m) {
            String where = m.where();
            if (m.value() == null || m.value().length() > LogFormat.MAX_LINE_BYTES) {
                conflict(where + ": empty or longer than " + LogFormat.MAX_LINE_BYTES + " bytes");
                return null;
            }
            JsonNode root;
            try {
                root = json.readTree(m.value());
            } catch (JacksonException e) {
                conflict(where + ": not JSON: " + e.getOriginalMessage());
                return null;
            }
            UUID domain;
            try {
                domain = UUID.fromString(root.path("domainId").asString(""));
            } catch (IllegalArgumentException e) {
                conflict(where + ": no valid domainId");
                return null;
            }
            if (m.key() != null && !m.key().equals(domain.toString())) {
                conflict(where + ": keyed " + m.key() + " but names domain " + domain);
                return null;
            }
            JsonNode events = root.path("events");
            if (!events.isArray() || events.isEmpty()) {
                conflict(where + ": no events");
                return null;
            }
            List<FeedEvent> out = new ArrayList<>(events.size());
            int i = 0;
            for (JsonNode e : events) {
                String at = where + " event " + i++;
                if (!e.path("version").canConvertToInt()
                        || e.path("version").asInt() < 1
                        || !e.path("globalPosition").canConvertToLong()
                        || e.path("globalPosition").asLong() < 1
                        || !e.path("type").isString()
                        || !e.path("recordedAt").isString()
                        || !e.path("payload").isObject()) {
                    conflict(
                            at
                                    + ": expected version, globalPosition, type, recordedAt and"
                                    + " payload");
                    return null;
                }
                Instant recordedAt;
                try {
                    recordedAt = Instant.parse(e.path("recordedAt").asString());
                } catch (RuntimeException ex) {
                    conflict(at + ": recordedAt is not an instant");
                    return null;
                }
                String type = e.path("type").asString();
                String payload = e.path("payload").toString();
                try {
                    codec.decode(type, payload);
                } catch (RuntimeException ex) {
                    conflict(at + ": not a " + type + " event Slipway knows: " + ex.getMessage());
                    return null;
                }
                out.add(
                        new FeedEvent(
                                domain,
                                e.path("version").asInt(),
                                e.path("globalPosition").asLong(),
                                type,
                                recordedAt.truncatedTo(ChronoUnit.MICROS),
                                payload,
                                at));
            }
            for (int k = 1; k < out.size(); k++) {
                if (out.get(k).version() != out.get(k - 1).version() + 1) {
                    conflict(where + ": its events' versions are not contiguous");
                    return null;
                }
            }
            return out;
        }

        private boolean sameAs(FeedEvent a, FeedEvent b) {
            return a != null
                    && a.position() == b.position()
                    && a.type().equals(b.type())
                    && a.recordedAt().equals(b.recordedAt())
                    && json.readTree(a.payload()).equals(json.readTree(b.payload()));
        }

        /** One query per message: the log's copies of these events, compared in SQL. */
        private void verifyPresent(List<FeedEvent> events) {
            if (events.isEmpty()) {
                return;
            }
            Integer[] versions = events.stream().map(FeedEvent::version).toArray(Integer[]::new);
            String[] payloads = events.stream().map(FeedEvent::payload).toArray(String[]::new);
            Map<Integer, Object[]> rows = new HashMap<>();
            jdbc.sql(
                            "select e.version, e.global_position, e.type, e.recorded_at,"
                                    + " e.payload = f.p::jsonb"
                                    + " from events e join unnest(?::int[], ?::text[]) as f(v, p)"
                                    + " on e.version = f.v where e.domain_id = ?")
                    .params(versions, payloads, events.get(0).domainId())
                    .query(
                            rs -> {
                                rows.put(
                                        rs.getInt(1),
                                        new Object[] {
                                            rs.getLong(2),
                                            rs.getString(3),
                                            rs.getTimestamp(4).toInstant(),
                                            rs.getBoolean(5)
                                        });
                            });
            for (FeedEvent e : events) {
                Object[] r = rows.get(e.version());
                String differs = null;
                if (r == null) {
                    differs = "is not in the log although later versions are";
                } else if ((long) r[0] != e.position()) {
                    differs = "is at global position " + r[0] + " in the log, " + e.position();
                } else if (!r[1].equals(e.type())) {
                    differs = "is a " + r[1] + " in the log, a " + e.type();
                } else if (!((Instant) r[2])
                        .truncatedTo(ChronoUnit.MICROS)
                        .equals(e.recordedAt())) {
                    differs = "was recorded at " + r[2] + " in the log, " + e.recordedAt();
                } else if (!(Boolean) r[3]) {
                    differs = "has another payload in the log";
                }
                if (differs != null) {
                    conflict(
                            e.where()
                                    + ": domain "
                                    + e.domainId()
                                    + " version "
                                    + e.version()
                                    + " "
                                    + differs
                                    + " on the feed");
                } else {
                    present++;
                }
            }
        }

        private void checkPositionsFree(List<FeedEvent> events) {
            if (events.isEmpty()) {
                return;
            }
            Long[] positions = events.stream().map(FeedEvent::position).toArray(Long[]::new);
            jdbc.sql(
                            "select global_position, domain_id, version from events"
                                    + " where global_position = any(?) order by global_position"
                                    + " limit ?")
                    .params(positions, MAX_CONFLICTS)
                    .query(
                            rs -> {
                                conflict(
                                        "global position "
                                                + rs.getLong(1)
                                                + " is domain "
                                                + rs.getObject(2)
                                                + " version "
                                                + rs.getInt(3)
                                                + " in the log, another event on the feed");
                            });
        }

        private void append(List<FeedEvent> events) {
            try {
                insert(events);
            } catch (DuplicateKeyException e) {
                // an append that ran meanwhile drew a position or version the feed holds
                throw new Conflict(
                        List.of(
                                "an event was appended while catching up and took a position or"
                                        + " version the feed holds: "
                                        + e.getMostSpecificCause().getMessage()),
                        messages);
            }
        }

        private void insert(List<FeedEvent> events) {
            for (int from = 0; from < events.size(); from += INSERT_BATCH) {
                List<FeedEvent> b =
                        events.subList(from, Math.min(events.size(), from + INSERT_BATCH));
                jdbc.sql(
                                "insert into events (global_position, domain_id, version, type,"
                                        + " payload, recorded_at, correlation_id)"
                                        + " select g, d, v, t, p::jsonb, r, d"
                                        + " from unnest(?::bigint[], ?::uuid[], ?::int[], ?::text[],"
                                        + " ?::text[], ?::timestamptz[]) as e(g, d, v, t, p, r)"
                                        + " order by g")
                        .params(
                                b.stream().map(FeedEvent::position).toArray(Long[]::new),
                                b.stream().map(FeedEvent::domainId).toArray(UUID[]::new),
                                b.stream().map(FeedEvent::version).toArray(Integer[]::new),
                                b.stream().map(FeedEvent::type).toArray(String[]::new),
                                b.stream().map(FeedEvent::payload).toArray(String[]::new),
                                b.stream()
                                        .map(e -> Timestamp.from(e.recordedAt()))
                                        .toArray(Timestamp[]::new))
                        .update();
            }
            if (!events.isEmpty()) {
                jdbc.sql(
                                "select setval(pg_get_serial_sequence('events', 'global_position'),"
                                        + " (select max(global_position) from events))")
                        .query(Long.class)
                        .single();
            }
        }

        private void conflict(String message) {
            if (conflicts.size() < MAX_CONFLICTS) {
                conflicts.add(message);
            }
        }
    }
}
