package io.slipway.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Guests;
import io.slipway.testsupport.SharedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator runs as the runtime role of V6: it does its whole job (a creation to RUNNING and
 * a destroy), and that very role cannot rewrite or erase the log, switch off its guard, or change
 * the schema. Each refusal is PostgreSQL's own ({@code 42501}, insufficient privilege or not the
 * owner), not the append-only trigger's.
 */
class DatabaseRolesIntegrationTests extends IntegrationTestBase {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Test
    void theOrchestratorWorksAsTheRuntimeRoleWhichCannotRewriteTheLogOrTheSchema()
            throws SQLException {
        assertThat(jdbc.sql("select current_user").query(String.class).single())
                .as("the application's own connections")
                .isEqualTo(SharedPostgres.RUNTIME_USER);
        startAgent();
        awaitHostsUp(1);
        var created = api.postDts(Guests.tinyPvh(UUID.randomUUID(), "least-privilege"));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        String id = created.json().path("id").asString();
        awaitState(id, "RUNNING", Duration.ofSeconds(60));
        api.delete("/api/v1/domains/" + id);
        awaitState(id, "DESTROYED", Duration.ofSeconds(60));

        try (Connection runtime = SharedPostgres.connectAsRuntime()) {
            assertThat(count(runtime, "events")).isPositive();
            assertThat(count(runtime, "domain_view")).isOne();

            refused(runtime, "update events set type = type");
            refused(runtime, "delete from events");
            refused(runtime, "truncate events");
            refused(runtime, "alter table events disable trigger events_no_update");
            refused(runtime, "drop trigger events_no_update on events");
            refused(runtime, "drop function events_append_only() cascade");
            refused(runtime, "alter table events add column forged text");
            refused(runtime, "alter table domain_view drop column failure_reason");
            refused(runtime, "drop table events");
            refused(runtime, "create table shadow (id int)");
            refused(runtime, "select count(*) from flyway_schema_history");
            refused(runtime, "delete from flyway_schema_history");
            refused(runtime, "truncate domain_view, step_view, claim");

            assertThat(count(runtime, "events")).as("nothing was erased").isPositive();
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (var s = c.createStatement();
                var rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void refused(Connection c, String sql) {
        assertThatThrownBy(
                        () -> {
                            try (var s = c.createStatement()) {
                                s.execute(sql);
                            }
                        })
                .as(sql)
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> assertThat(e.getSQLState()).as(sql).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }
}
