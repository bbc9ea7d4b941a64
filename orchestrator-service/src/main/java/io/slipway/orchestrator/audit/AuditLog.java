package io.slipway.orchestrator.audit;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audit} table: appended to after each audited request, paged newest first. */
@Repository
public class AuditLog {
    /** One page, newest first, and how many rows match in all. */
    public record Page(List<AuditEntry> items, long total) {}

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends {@code entry} (its id is ignored: the database numbers rows). */
    public void append(AuditEntry entry) {
        jdbc.sql(
                        "insert into audit (request_id, at, action, method, target, subject, tenant,"
                                + " roles, status, outcome) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        entry.requestId(),
                        Timestamp.from(entry.at()),
                        entry.action(),
                        entry.method(),
                        entry.target(),
                        entry.subject(),
                        entry.tenant(),
                        entry.roles().toArray(String[]::new),
                        entry.status(),
                        entry.outcome())
                .update();
    }

    /** Rows matching {@code action} and {@code subject} (null: any), newest first. */
    public Page page(String action, String subject, int page, int size) {
        String where =
                " where (?::text is null or action = ?) and (?::text is null or subject = ?)";
        long total =
                jdbc.sql("select count(*) from audit" + where)
                        .params(action, action, subject, subject)
                        .query(Long.class)
                        .single();
        List<AuditEntry> items =
                jdbc.sql(
                                "select id, request_id, at, action, method, target, subject,"
                                        + " tenant, roles, status, outcome from audit"
                                        + where
                                        + " order by at desc, id desc limit ? offset ?")
                        .params(action, action, subject, subject, size, (long) page * size)
                        .query(
                                (rs, n) ->
                                        new AuditEntry(
                                                rs.getLong("id"),
                                                rs.getObject("request_id", UUID.class),
                                                rs.getTimestamp("at").toInstant(),
                                                rs.getString("action"),
                                                rs.getString("method"),
                                                rs.getString("target"),
                                                rs.getString("subject"),
                                                rs.getString("tenant"),
                                                strings(rs.getArray("roles")),
                                                rs.getInt("status"),
                                                rs.getString("outcome")))
                        .list();
        return new Page(items, total);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
