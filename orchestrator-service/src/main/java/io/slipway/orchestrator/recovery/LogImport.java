package io.slipway.orchestrator.recovery;

import io.slipway.orchestrator.domains.DomainService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads an export ({@link LogFormat}) into an empty database in one transaction: the rows as they
 * stream in (checked line by line: size, JSON, known table, the same columns), then the checksum,
 * the counts, the events' sequence carried past the imported positions, the read model rebuilt and
 * compared by hash with the exported one, and every unfinished domain re-driven. Any refusal rolls
 * the whole import back: nothing half-loaded is ever visible.
 */
@Component
public class LogImport {
    private static final int BATCH = 500;
    private static final int BATCH_BYTES = 4 << 20;

    /** Why an import was refused; {@code conflict} when the database was not empty or busy. */
    public static final class Refused extends RuntimeException {
        private final boolean conflict;

        Refused(String message, boolean conflict) {
            super(message);
            this.conflict = conflict;
        }

        public boolean conflict() {
            return conflict;
        }
    }

    /** What was loaded, and the rebuild's outcome. */
    public record Result(
            long lines,
            Map<String, Long> counts,
            String readModelHash,
            int domains,
            int redriven) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ProjectionRebuilder rebuilder;
    private final DomainService domains;
    private final JsonMapper json =
            JsonMapper.builder()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                    .build();

    public LogImport(
            DataSource dataSource,
            TransactionTemplate tx,
            ProjectionRebuilder rebuilder,
            DomainService domains) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = tx;
        this.rebuilder = rebuilder;
        this.domains = domains;
    }

    /** Loads the export {@code in} carries; throws {@link Refused} and loads nothing on error. */
    public Result load(InputStream in) {
        Result result = tx.execute(status -> new Load(in).run());
        domains.forgetCachedStates();
        return result;
    }

    /** One import's reading state. */
    private final class Load {
        private final LineReader lines;
        private final MessageDigest sha256;
        private final Map<String, Long> counts = new LinkedHashMap<>();
        private final List<String> batch = new ArrayList<>(BATCH);
        private String batchTable;
        private long batchFirstLine;
        private long batchBytes;

        Load(InputStream in) {
            this.lines = new LineReader(in);
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        Result run() {
            lockOrRefuse();
            refuseUnlessEmpty();
            JsonNode header = next("the header line");
            checkHeader(header);
            JsonNode end;
            while (true) {
                byte[] raw = lines.next();
                if (raw == null) {
                    throw refused("the export ends without its end line: it was cut short");
                }
                JsonNode line = parse(raw);
                String kind = line.path("kind").asString("");
                if (kind.equals("end")) {
                    end = line;
                    break;
                }
                sha256.update(raw);
                sha256.update((byte) '\n');
                LogFormat.Table table = LogFormat.table(kind);
                if (table == null || !line.path("row").isObject()) {
                    throw refused(
                            "line "
                                    + lines.number()
                                    + ": expected a row of "
                                    + tableNames()
                                    + " or the end line, got kind '"
                                    + kind
                                    + "'");
                }
                add(table, line.path("row"));
            }
            flush();
            if (lines.next() != null) {
                throw refused("line " + lines.number() + ": data after the end line");
            }
            checkEnd(end);
            carryOnSequences();
            ProjectionRebuilder.Result rebuilt = rebuilder.rebuild(true, true);
            String expected = end.path("readModelHash").asString("");
            if (!rebuilt.hashAfter().equals(expected)) {
                throw refused(
                        "the read model rebuilt from the imported log (hash "
                                + rebuilt.hashAfter()
                                + ") differs from the exported one ("
                                + expected
                                + ")");
            }
            return new Result(
                    lines.number(),
                    counts,
                    rebuilt.hashAfter(),
                    rebuilt.domains(),
                    rebuilt.redriven());
        }

        private void checkHeader(JsonNode header) {
            sha256.update(lines.last());
            sha256.update((byte) '\n');
            if (!header.path("kind").asString("").equals("header")
                    || !header.path("format").asString("").equals(LogFormat.FORMAT)) {
                throw refused("line 1: not a Slipway export (no " + LogFormat.FORMAT + " header)");
            }
            int version = header.path("formatVersion").asInt(-1);
            if (version != LogFormat.VERSION) {
                throw refused(
                        "line 1: export format version "
                                + version
                                + ", this orchestrator reads version "
                                + LogFormat.VERSION);
            }
            Map<String, List<String>> ours = LogExport.Schema.columns(jdbc);
            for (Map.Entry<String, List<String>> table : ours.entrySet()) {
                List<String> theirs = new ArrayList<>();
                header.path("tables").path(table.getKey()).forEach(c -> theirs.add(c.asString()));
                if (!theirs.equals(table.getValue())) {
                    throw refused(
                            "line 1: the export's table "
                                    + table.getKey()
                                    + " has columns "
                                    + theirs
                                    + ", this database's has "
                                    + table.getValue()
                                    + ": import into the schema version it was exported from");
                }
            }
        }

        private void add(LogFormat.Table table, JsonNode row) {
            if (!table.name().equals(batchTable)
                    || batch.size() == BATCH
                    || batchBytes > BATCH_BYTES) {
                flush();
                batchTable = table.name();
                batchFirstLine = lines.number();
            }
            String text = json.writeValueAsString(row);
            batchBytes += text.length();
            batch.add(text);
            counts.merge(table.name(), 1L, Long::sum);
        }

        private void flush() {
            if (batch.isEmpty()) {
                return;
            }
            try {
                jdbc.update(
                        "insert into "
                                + batchTable
                                + " select * from json_populate_recordset(null::"
                                + batchTable
                                + ", ?::json)",
                        "[" + String.join(",", batch) + "]");
            } catch (DataAccessException e) {
                throw refused(
                        "lines "
                                + batchFirstLine
                                + "-"
                                + (batchFirstLine + batch.size() - 1)
                                + ": rows of "
                                + batchTable
                                + " refused by the database: "
                                + rootMessage(e));
            }
            batch.clear();
            batchBytes = 0;
        }

        private void checkEnd(JsonNode end) {
            String digest = HexFormat.of().formatHex(sha256.digest());
            if (!digest.equals(end.path("sha256").asString(""))) {
                throw refused(
                        "checksum mismatch: the lines hash to "
                                + digest
                                + ", the end line says "
                                + end.path("sha256").asString("(none)")
                                + ": the file was changed or damaged");
            }
            if (end.path("lines").asLong(-1) != lines.number() - 1) {
                throw refused(
                        "the end line counts "
                                + end.path("lines").asLong(-1)
                                + " lines before it, there were "
                                + (lines.number() - 1));
            }
            for (LogFormat.Table table : LogFormat.TABLES) {
                long said = end.path("counts").path(table.name()).asLong(0);
                long got = counts.getOrDefault(table.name(), 0L);
                if (said != got) {
                    throw refused(
                            "the end line counts "
                                    + said
                                    + " rows of "
                                    + table.name()
                                    + ", the file holds "
                                    + got);
                }
            }
        }

        private void carryOnSequences() {
            for (LogFormat.Table table : LogFormat.TABLES) {
                if (table.serialColumn() != null && counts.getOrDefault(table.name(), 0L) > 0) {
                    jdbc.queryForObject(
                            "select setval(pg_get_serial_sequence(?, ?), max("
                                    + table.serialColumn()
                                    + ")) from "
                                    + table.name(),
                            Long.class,
                            table.name(),
                            table.serialColumn());
                }
            }
        }

        private JsonNode next(String what) {
            byte[] raw = lines.next();
            if (raw == null) {
                throw refused("the export is empty: no " + what);
            }
            return parse(raw);
        }

        private JsonNode parse(byte[] raw) {
            try {
                JsonNode node = json.readTree(raw);
                if (node == null || !node.isObject()) {
                    throw refused("line " + lines.number() + ": not a JSON object");
                }
                return node;
            } catch (JacksonException e) {
                throw refused(
                        "line "
                                + lines.number()
                                + ": not valid JSON ("
                                + e.getOriginalMessage()
                                + ")");
            }
        }

        private Refused refused(String message) {
            return new Refused(message, false);
        }
    }

    private void lockOrRefuse() {
        Boolean locked =
                jdbc.queryForObject(
                        "select pg_try_advisory_xact_lock(?)",
                        Boolean.class,
                        ProjectionRebuilder.LOCK_KEY);
        if (!Boolean.TRUE.equals(locked)) {
            throw new Refused("a rebuild or another import is running", true);
        }
    }

    private void refuseUnlessEmpty() {
        for (LogFormat.Table table : LogFormat.TABLES) {
            Boolean any =
                    jdbc.queryForObject(
                            "select exists (select 1 from " + table.name() + ")", Boolean.class);
            if (Boolean.TRUE.equals(any)) {
                throw new Refused(
                        "the database is not empty (table "
                                + table.name()
                                + " has rows): an export is imported only into a new installation",
                        true);
            }
        }
    }

    private static String tableNames() {
        return LogFormat.TABLES.stream().map(LogFormat.Table::name).toList().toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Lines of at most {@link LogFormat#MAX_LINE_BYTES}, refused while they are read. */
    private static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[64 << 10];
        private int position;
        private int limit;
        private long number;
        private byte[] last;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next line without its newline, or null at the end of the stream. */
        byte[] next() {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            boolean any = false;
            while (true) {
                if (position == limit && !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
                any = true;
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                line.write(buffer, start, position - start);
                if (line.size() > LogFormat.MAX_LINE_BYTES) {
                    throw new Refused(
                            "line "
                                    + (number + 1)
                                    + " is longer than "
                                    + LogFormat.MAX_LINE_BYTES
                                    + " bytes",
                            false);
                }
                if (position < limit) {
                    position++; // the newline
                    break;
                }
            }
            number++;
            last = line.toByteArray();
            return last;
        }

        private boolean fill() {
            try {
                limit = in.read(buffer);
            } catch (IOException e) {
                throw new Refused("reading the export failed: " + e.getMessage(), false);
            }
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return false;
            }
            return true;
        }

        long number() {
            return number;
        }

        byte[] last() {
            return last;
        }
    }
}
