package io.slipway.orchestrator.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.creation.StepSettings;
import io.slipway.orchestrator.domains.Timers;
import io.slipway.orchestrator.hosts.AgentLink;
import io.slipway.orchestrator.hosts.HostRegistry;
import io.slipway.orchestrator.hosts.HostSettings;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.StepName;
import io.slipway.testsupport.SharedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sweeper on a real PostgreSQL, with a clock that moves a second each time it is read: a sweep
 * takes time, and timers come due while it runs. While no agent is heard, no step deadline may fire
 * in that sweep, not even one that came due after the deadlines were postponed.
 */
class TimerSweeperIntegrationTests {
    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

    private static PGSimpleDataSource dataSource;
    private JdbcClient jdbc;
    private final List<Timers.Due> fired = new ArrayList<>();

    /**
     * A database of its own: the shared one is swept by the orchestrators other test classes left
     * running, which would claim these timers first.
     */
    @BeforeAll
    static void freshDatabase() throws SQLException {
        String name = "sweeper_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = SharedPostgres.get().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create database " + name + " owner " + SharedPostgres.MIGRATION_USER);
        }
        String url =
                "jdbc:postgresql://localhost:%d/%s".formatted(SharedPostgres.get().getPort(), name);
        Flyway.configure()
                .dataSource(url, SharedPostgres.MIGRATION_USER, SharedPostgres.migrationPassword())
                .locations("classpath:db/migration")
                .placeholders(Map.of("runtime_role", SharedPostgres.RUNTIME_USER))
                .load()
                .migrate();
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(SharedPostgres.RUNTIME_USER);
        dataSource.setPassword(SharedPostgres.runtimePassword());
    }

    @BeforeEach
    void emptyTables() {
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("delete from timer").update();
        jdbc.sql("delete from host").update();
    }

    @Test
    void whileNoAgentIsHeardADeadlineDueDuringTheSweepDoesNotFireButARetryDoes() {
        DomainId building = new DomainId(UUID.randomUUID());
        DomainId waiting = new DomainId(UUID.randomUUID());
        timers().schedule(
                        building,
                        Timers.Kind.DEADLINE,
                        StepName.POPULATE_MEMORY,
                        1,
                        T0.plusMillis(500));
        timers().schedule(waiting, Timers.Kind.RETRY, StepName.LOAD_IMAGES, 2, T0.plusMillis(500));

        sweeper().sweep();

        assertThat(fired)
                .extracting(Timers.Due::domainId, Timers.Due::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(waiting, Timers.Kind.RETRY));
        assertThat(
                        jdbc.sql("select count(*) from timer where kind = 'DEADLINE'")
                                .query(Long.class)
                                .single())
                .as("the deadline is kept, to be judged once agents are heard again")
                .isEqualTo(1);
    }

    @Test
    void whileSomeAgentIsHeardTheSameDeadlineFires() {
        jdbc.sql(
                        "insert into host (host_id, arch, memory_kib, pcpus, pci, state,"
                                + " last_heartbeat) values ('h1', 'x86_64', 1, 1, '{}', 'UP', ?)")
                .param(Timestamp.from(T0.plusSeconds(60)))
                .update();
        DomainId building = new DomainId(UUID.randomUUID());
        timers().schedule(
                        building,
                        Timers.Kind.DEADLINE,
                        StepName.POPULATE_MEMORY,
                        1,
                        T0.plusMillis(500));

        sweeper().sweep();

        assertThat(fired)
                .extracting(Timers.Due::domainId, Timers.Due::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(building, Timers.Kind.DEADLINE));
    }

    private Timers timers() {
        return new Timers(jdbc);
    }

    private TimerSweeper sweeper() {
        AgentLink link =
                new AgentLink(
                        new HostRegistry(jdbc, JsonMapper.builder().build()),
                        new HostSettings(HEARTBEAT_TIMEOUT, Duration.ofSeconds(1)));
        return new TimerSweeper(
                timers(),
                (due, now) -> fired.add(due),
                link,
                StepSettings.defaults(),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new SteppingClock(T0, Duration.ofSeconds(1)));
    }

    /** Each reading is {@code step} later than the one before. */
    private static final class SteppingClock extends Clock {
        private Instant next;
        private final Duration step;

        SteppingClock(Instant first, Duration step) {
            this.next = first;
            this.step = step;
        }

        @Override
        public Instant instant() {
            Instant now = next;
            next = next.plus(step);
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
