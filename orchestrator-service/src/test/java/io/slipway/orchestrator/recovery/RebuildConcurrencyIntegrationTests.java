package io.slipway.orchestrator.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.support.Api;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Guests;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** One rebuild at a time across replicas; a dry run never waits for, nor blocks, writers. */
class RebuildConcurrencyIntegrationTests extends IntegrationTestBase {
    @Autowired DataSource dataSource;

    @BeforeEach
    void aFewDomains() {
        startAgent();
        awaitHostsUp(1);
        for (int i = 0; i < 3; i++) {
            assertThat(api.postDts(Guests.tinyPvh(UUID.randomUUID(), "r" + i)).status())
                    .isEqualTo(202);
        }
    }

    @Test
    void aDryRunCompletesWhileAWriterHoldsTheReadModelTables() throws Exception {
        try (Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            try (Statement st = writer.createStatement()) {
                // the locks every creation and report transaction takes on the read model
                st.execute("lock table domain_view, step_view, claim in row exclusive mode");
            }

            CompletableFuture<Api.Response> dryRun =
                    CompletableFuture.supplyAsync(() -> rebuild("dryRun=true"));

            Api.Response r = dryRun.get(20, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().path("identical").asBoolean()).isTrue();
            assertThat(r.json().path("applied").asBoolean()).isFalse();
            writer.rollback();
        }
    }

    @Test
    void creationsProceedWhileDryRunsRun() throws Exception {
        CompletableFuture<Void> dryRuns =
                CompletableFuture.runAsync(
                        () -> {
                            for (int i = 0; i < 20; i++) {
                                Api.Response r = rebuild("dryRun=true");
                                assertThat(r.status()).isIn(200, 409);
                            }
                        });
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            Api.Response r = api.postDts(Guests.tinyPvh(UUID.randomUUID(), "during-" + i));
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(5));
        }
        dryRuns.get(60, TimeUnit.SECONDS);
        assertThat(rebuild("dryRun=true").json().path("identical").asBoolean()).isTrue();
    }

    @Test
    void aRebuildWhileAnotherReplicaRebuildsIsAConflict() throws Exception {
        try (Connection otherReplica = dataSource.getConnection();
                Statement st = otherReplica.createStatement()) {
            st.execute("select pg_advisory_lock(" + ProjectionRebuilder.LOCK_KEY + ")");

            Api.Response dry = rebuild("dryRun=true");
            Api.Response apply = rebuild("dryRun=false");

            assertThat(dry.status()).as(dry.text()).isEqualTo(409);
            assertThat(dry.contentType()).startsWith("application/problem+json");
            assertThat(apply.status()).isEqualTo(409);
            st.execute("select pg_advisory_unlock(" + ProjectionRebuilder.LOCK_KEY + ")");
        }
        assertThat(rebuild("dryRun=false").status()).isEqualTo(200);
    }

    private Api.Response rebuild(String query) {
        return api.post("/api/v1/admin/projections/rebuild?" + query, null, new byte[0], Map.of());
    }
}
