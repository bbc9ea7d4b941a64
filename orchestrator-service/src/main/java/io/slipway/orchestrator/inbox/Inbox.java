package io.slipway.orchestrator.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Remembers which messages were handled. Inserted first, inside the handler's transaction: a
 * duplicate key means "already handled", and a rolled-back handler leaves no trace.
 */
@Component
public class Inbox {
    private final JdbcClient jdbc;

    public Inbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * True the first time {@code messageId} is seen (by any replica, in any committed transaction).
     */
    public boolean firstTime(UUID messageId, Instant now) {
        return firstTimes(List.of(messageId), now).contains(messageId);
    }

    /**
     * Which of {@code messageIds} are seen for the first time, recorded as seen in one statement
     * (the caller's transaction makes them seen for good).
     */
    public Set<UUID> firstTimes(Collection<UUID> messageIds, Instant now) {
        if (messageIds.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(
                jdbc.sql(
                                "insert into inbox (message_id, received_at)"
                                        + " select unnest(?::uuid[]), ?::timestamptz"
                                        + " on conflict (message_id) do nothing"
                                        + " returning message_id")
                        .params(
                                messageIds.stream().map(UUID::toString).toArray(String[]::new),
                                Timestamp.from(now))
                        .query((rs, n) -> rs.getObject(1, UUID.class))
                        .list());
    }

    /** Forgets messages older than {@code before}; returns how many. */
    public int forgetBefore(Instant before) {
        return jdbc.sql("delete from inbox where received_at < ?")
                .param(Timestamp.from(before))
                .update();
    }
}
