package io.slipway.orchestrator.recovery;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams the event log and what a restore needs besides ({@link LogFormat}) from one consistent
 * snapshot (a REPEATABLE READ transaction): creations go on meanwhile and are simply not in it.
 * Rows are read through a cursor, so memory does not grow with the log.
 */
@Component
public class LogExport {
    private static final int FETCH_SIZE = 500;

    private final JdbcTemplate cursor;
    private final TransactionTemplate snapshot;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;

    public LogExport(DataSource dataSource, TransactionTemplate tx, Clock clock) {
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(FETCH_SIZE);
        this.snapshot = new TransactionTemplate(tx.getTransactionManager());
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
        this.clock = clock;
    }

    /** Writes the whole export to {@code out}; returns its trailer's counts. */
    public Map<String, Long> writeTo(OutputStream out) {
        return snapshot.execute(status -> write(out));
    }

    private Map<String, Long> write(OutputStream out) {
        Lines lines = new Lines(out);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("kind", "header");
        header.put("format", LogFormat.FORMAT);
        header.put("formatVersion", LogFormat.VERSION);
        header.put("exportedAt", Instant.now(clock).toString());
        header.put("tables", Schema.columns(cursor));
        lines.write(json.writeValueAsString(header));
        Map<String, Long> counts = new LinkedHashMap<>();
        for (LogFormat.Table table : LogFormat.TABLES) {
            long[] n = {0};
            String prefix = "{\"kind\":\"" + table.name() + "\",\"row\":";
            cursor.query(
                    "select row_to_json(t)::text from "
                            + table.name()
                            + " t order by "
                            + table.orderBy(),
                    rs -> {
                        lines.write(prefix + rs.getString(1) + "}");
                        n[0]++;
                    });
            counts.put(table.name(), n[0]);
        }
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("kind", "end");
        end.put("lines", lines.count);
        end.put("sha256", lines.digest());
        end.put("readModelHash", ReadModelHash.of(cursor));
        end.put("counts", counts);
        lines.write(json.writeValueAsString(end));
        lines.flush();
        return counts;
    }

    /** Lines written and hashed as they go. */
    private static final class Lines {
        private final OutputStream out;
        private final MessageDigest sha256;
        private long count;

        Lines(OutputStream out) {
            this.out = out;
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void write(String line) {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            sha256.update(bytes);
            count++;
            try {
                out.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("the export's reader went away", e);
            }
        }

        String digest() {
            return HexFormat.of().formatHex(sha256.digest());
        }

        void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("the export's reader went away", e);
            }
        }
    }

    /** The exported tables' columns, in their order: what the rows must fit on import. */
    static final class Schema {
        private Schema() {}

        static Map<String, List<String>> columns(JdbcTemplate jdbc) {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            for (LogFormat.Table table : LogFormat.TABLES) {
                columns.put(
                        table.name(),
                        jdbc.queryForList(
                                "select column_name::text from information_schema.columns"
                                        + " where table_schema = current_schema()"
                                        + " and table_name = ? order by ordinal_position",
                                String.class,
                                table.name()));
            }
            return columns;
        }
    }
}
