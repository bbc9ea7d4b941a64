package io.slipway.orchestrator.recovery;

import java.util.List;

/**
 * The export's NDJSON format, version 1. One JSON object per line:
 *
 * <ol>
 *   <li>{@code {"kind":"header","format":"slipway-export","formatVersion":1,"exportedAt":…,
 *       "tables":{table:[columns…]}}}: the columns say which schema the rows fit;
 *   <li>one line per row, {@code {"kind":<table>,"row":{column:value…}}}, the tables in the order
 *       of {@link #TABLES}, each in its key's order (events by global position), each row as
 *       PostgreSQL's {@code row_to_json} writes it and {@code json_populate_recordset} reads it
 *       back;
 *   <li>{@code {"kind":"end","lines":n,"sha256":…,"readModelHash":…,"counts":{table:n…}}}: the
 *       SHA-256 of every byte before this line, and the read model's hash when the snapshot was
 *       taken, which the importer's rebuild must reproduce.
 * </ol>
 *
 * Only what a restore needs is exported: the event log and what is not derived from it (host
 * registrations and enrolments, idempotency keys, reaps). The read model is rebuilt, timers and
 * outbox are re-driven, the inbox and the audit log stay with the old database.
 */
final class LogFormat {
    static final String FORMAT = "slipway-export";
    static final int VERSION = 1;
    static final String MEDIA_TYPE = "application/x-ndjson";

    /** A line may be at most this long: an event carries a description of up to 1 MiB. */
    static final int MAX_LINE_BYTES = 8 << 20;

    /** A table, the key its rows are exported in order of, and whether to carry on its sequence. */
    record Table(String name, String orderBy, String serialColumn) {}

    static final List<Table> TABLES =
            List.of(
                    new Table("host", "host_id", null),
                    new Table("host_enrollment", "host_id", null),
                    new Table("events", "global_position", "global_position"),
                    new Table("idempotency_key", "tenant, key", null),
                    new Table("reap", "reap_id", null),
                    new Table("guest_template", "name, version", null));

    static Table table(String kind) {
        return TABLES.stream().filter(t -> t.name().equals(kind)).findFirst().orElse(null);
    }

    private LogFormat() {}
}
