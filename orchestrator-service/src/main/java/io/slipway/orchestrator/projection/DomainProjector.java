package io.slipway.orchestrator.projection;

import io.slipway.orchestrator.creation.DomainEvent.HostAssigned;
import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.creation.StepState;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.hibernate.JDBCException;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.stereotype.Component;

/**
 * Writes the read model ({@code domain_view}, {@code step_view}, {@code claim}) of one domain from
 * its state, in the transaction that appended the events behind that state. The view rows are
 * upserted through their entities ({@link DomainViewRow}, {@link StepViewRow}), the one place each
 * of those tables is described. Because the rows are a function of the state alone, replaying the
 * event log rebuilds them identically.
 */
@Component
public class DomainProjector {
    private final JdbcClient jdbc;
    private final SessionFactory sessions;
    private final DataSource dataSource;
    private final SQLExceptionTranslator sqlErrors;

    public DomainProjector(
            JdbcClient jdbc, EntityManagerFactory entityManagers, DataSource dataSource) {
        this.jdbc = jdbc;
        this.sessions = entityManagers.unwrap(SessionFactory.class);
        this.dataSource = dataSource;
        this.sqlErrors = new SQLErrorCodeSQLExceptionTranslator(dataSource);
    }

    /** Writes every row of the domain: for a rebuild, or a domain's first events. */
    public void project(DomainState s) {
        project(s, null);
    }

    /**
     * Writes the domain row, and the step rows and the claim where they differ from {@code before}
     * (the state before the events just decided; null = write them all). Most decisions touch one
     * or two of ~20 steps and leave the claim as it was, so this keeps a report's transaction
     * small.
     */
    public void project(DomainState s, DomainState before) {
        List<StepState> stepsBefore = before == null ? null : before.steps();
        try (StatelessSession rows = rows()) {
            rows.upsert(new DomainViewRow(s));
            List<StepState> steps = s.steps();
            for (int i = 0; i < steps.size(); i++) {
                StepState step = steps.get(i);
                if (stepsBefore != null
                        && i < stepsBefore.size()
                        && step.equals(stepsBefore.get(i))) {
                    continue;
                }
                rows.upsert(new StepViewRow(s.id().value(), i, step));
            }
        } catch (JDBCException e) {
            // as a JdbcClient statement would fail: a live handle taken twice is a
            // DuplicateKeyException, which the service answers with 409
            DataAccessException translated =
                    sqlErrors.translate("project " + s.id(), e.getSQL(), e.getSQLException());
            throw translated != null ? translated : e;
        }
        HostAssigned claim = s.claim();
        if (before != null && Objects.equals(claim, before.claim())) {
            return;
        }
        if (claim == null) {
            jdbc.sql("delete from claim where domain_id = ?").param(s.id().value()).update();
        } else {
            jdbc.sql(
                            "insert into claim (domain_id, host_id, memory_kib, vcpus, pci)"
                                    + " values (?, ?, ?, ?, ?) on conflict (domain_id) do update"
                                    + " set host_id = excluded.host_id,"
                                    + " memory_kib = excluded.memory_kib,"
                                    + " vcpus = excluded.vcpus, pci = excluded.pci")
                    .params(
                            s.id().value(),
                            claim.hostId().value(),
                            claim.memoryKiB(),
                            claim.vcpus(),
                            claim.pci().toArray(String[]::new))
                    .update();
        }
    }

    /**
     * A session on the connection of the current transaction: the rows are written with the events
     * they reflect, or not at all. Stateless: an upsert is one statement, with no persistence
     * context to flush.
     */
    private StatelessSession rows() {
        return sessions.withStatelessOptions()
                .connection(DataSourceUtils.getConnection(dataSource))
                .openStatelessSession();
    }
}
