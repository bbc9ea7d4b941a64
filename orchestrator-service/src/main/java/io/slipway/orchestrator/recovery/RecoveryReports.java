package io.slipway.orchestrator.recovery;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finished recoveries' reports, kept in {@code recovery_report}: an operator restarts the
 * orchestrator in normal mode after a recovery, and what it found (orphans, held domains,
 * conflicts) must still be readable then. The latest report's held domains are also what a rebuild
 * with re-drive leaves alone.
 */
@Component
public class RecoveryReports {
    private static final Logger log = LoggerFactory.getLogger(RecoveryReports.class);

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    RecoveryReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a finished recovery's report. Best effort: a recovery that failed because the database
     * did may not be able to store it either; it stays readable in memory.
     */
    public void store(RecoveryStatus finished) {
        try {
            jdbc.sql(
                            "insert into recovery_report (started_at, finished_at, phase, report)"
                                    + " values (?, ?, ?, ?::jsonb)")
                    .params(
                            Timestamp.from(finished.startedAt()),
                            Timestamp.from(finished.finishedAt()),
                            finished.phase().name(),
                            json.writeValueAsString(finished))
                    .update();
        } catch (RuntimeException e) {
            log.error("recovery report not stored (it stays readable until restart)", e);
        }
    }

    /** The report of the last recovery that finished, if any ever did. */
    public Optional<RecoveryStatus> latest() {
        return jdbc.sql("select report::text from recovery_report order by id desc limit 1")
                .query(String.class)
                .optional()
                .map(text -> json.readValue(text, RecoveryStatus.class));
    }

    /** The domains the latest recovery held: not to be re-driven. */
    Set<UUID> held() {
        return latest().map(RecoveryStatus::held).orElse(List.of()).stream()
                .map(h -> UUID.fromString(h.domainId()))
                .collect(Collectors.toUnmodifiableSet());
    }
}
