package io.slipway.orchestrator.inbox;

import java.sql.Timestamp;
import java.time.Instant;
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
        return jdbc.sql(
                                "insert into inbox (message_id, received_at) values (?, ?)"
                                        + " on conflict (message_id) do nothing")
                        .params(messageId, Timestamp.from(now))
                        .update()
                == 1;
    }

    /** Forgets messages older than {@code before}; returns how many. */
    public int forgetBefore(Instant before) {
        return jdbc.sql("delete from inbox where received_at < ?")
                .param(Timestamp.from(before))
                .update();
    }
}
