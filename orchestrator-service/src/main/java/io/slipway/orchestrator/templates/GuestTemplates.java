package io.slipway.orchestrator.templates;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The stored templates. A version is never changed (the table refuses updates and deletes, and the
 * runtime role may not issue them); registering content equal to the latest version returns that
 * version instead of adding one, so a repeated {@code PUT} is harmless.
 */
@Component
public class GuestTemplates {
    /** Template names: lowercase, digits and dashes, as in a URL path segment. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    private static final RowMapper<GuestTemplate> ROW =
            (rs, n) ->
                    new GuestTemplate(
                            rs.getString("name"),
                            rs.getInt("version"),
                            rs.getString("sha256"),
                            rs.getBytes("dtb"),
                            rs.getTimestamp("created_at").toInstant(),
                            rs.getString("created_by"));

    private final JdbcClient jdbc;
    private final Clock clock;

    public GuestTemplates(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The outcome of a registration: the version that holds the content, and whether it is new. */
    public record Registered(GuestTemplate template, boolean created) {}

    /**
     * Stores {@code dtb} as the next version of {@code name}, unless it equals the latest version.
     * Concurrent registrations of one name are serialised by a transaction-scoped lock on it, so
     * versions are gapless and each content is stored once in a row.
     */
    @Transactional
    public Registered register(String name, byte[] dtb, String sha256, String createdBy) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('guest_template:' || ?))")
                .param(name)
                .query()
                .singleRow();
        Optional<GuestTemplate> latest = latest(name);
        if (latest.isPresent() && latest.get().sha256().equals(sha256)) {
            return new Registered(latest.get(), false);
        }
        int version = latest.map(t -> t.version() + 1).orElse(1);
        Instant now = clock.instant();
        jdbc.sql(
                        "insert into guest_template (name, version, sha256, dtb, created_at,"
                                + " created_by) values (?, ?, ?, ?, ?, ?)")
                .params(name, version, sha256, dtb, Timestamp.from(now), createdBy)
                .update();
        return new Registered(new GuestTemplate(name, version, sha256, dtb, now, createdBy), true);
    }

    public Optional<GuestTemplate> latest(String name) {
        return jdbc.sql(
                        "select * from guest_template where name = ?"
                                + " order by version desc limit 1")
                .param(name)
                .query(ROW)
                .optional();
    }

    public Optional<GuestTemplate> version(String name, int version) {
        return jdbc.sql("select * from guest_template where name = ? and version = ?")
                .params(name, version)
                .query(ROW)
                .optional();
    }

    /** Every version of {@code name}, oldest first (empty for an unknown name). */
    public List<GuestTemplate.Summary> versions(String name) {
        return jdbc.sql(
                        "select name, version, sha256, length(dtb) as size, created_at, created_by"
                                + " from guest_template where name = ? order by version")
                .param(name)
                .query(TemplateSummaries.ROW)
                .list();
    }

    /** The latest version of every template, by name. */
    public List<GuestTemplate.Summary> latestOfEach() {
        return jdbc.sql(
                        "select distinct on (name) name, version, sha256, length(dtb) as size,"
                                + " created_at, created_by from guest_template"
                                + " order by name, version desc")
                .query(TemplateSummaries.ROW)
                .list();
    }

    /** Reads summaries without fetching the blobs. */
    private static final class TemplateSummaries {
        static final RowMapper<GuestTemplate.Summary> ROW =
                (rs, n) ->
                        new GuestTemplate.Summary(
                                rs.getString("name"),
                                rs.getInt("version"),
                                rs.getString("sha256"),
                                rs.getInt("size"),
                                rs.getTimestamp("created_at").toInstant(),
                                rs.getString("created_by"));
    }
}
