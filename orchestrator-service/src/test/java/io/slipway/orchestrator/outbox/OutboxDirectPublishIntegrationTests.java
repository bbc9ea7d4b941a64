package io.slipway.orchestrator.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.testsupport.Guests;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The direct path alone: with a grace of an hour the relay's scan never sends a row these tests
 * write, so whatever reaches Kafka was published by the transaction that committed it.
 */
@TestPropertySource(properties = "slipway.outbox.grace=1h")
class OutboxDirectPublishIntegrationTests extends IntegrationTestBase {
    @Autowired Outbox outbox;
    @Autowired TransactionTemplate tx;

    @Test
    void aCommittedTransactionsMessagesArePublishedInOrderAndTheirRowsDeleted() throws Exception {
        String topic = topic();

        tx.executeWithoutResult(
                s -> {
                    for (int i = 0; i < 3; i++) {
                        outbox.enqueue(topic, "k", "{\"n\":" + i + "}");
                    }
                });
        tx.executeWithoutResult(
                s -> {
                    outbox.enqueue(topic, "k", "{\"n\":\"rolled back\"}");
                    s.setRollbackOnly();
                });
        tx.executeWithoutResult(s -> outbox.enqueue(topic, "k", "{\"n\":3}"));

        assertThat(consumeValues(topic, 4))
                .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows() == 0);
    }

    @Test
    void aRowWrittenOutsideATransactionIsLeftToTheSafetyNetAndItsGrace() throws Exception {
        String topic = topic();

        outbox.enqueue(topic, "k", "{\"n\":\"no transaction\"}");
        tx.executeWithoutResult(s -> outbox.enqueue(topic, "k", "{\"n\":\"committed\"}"));

        // the committed one overtakes it: the older row waits for the grace
        assertThat(consumeValues(topic, 1)).containsExactly("{\"n\":\"committed\"}");
        Thread.sleep(1_000); // five relay scans (poll interval 200 ms)
        assertThat(outboxRows()).isEqualTo(1);
    }

    @Test
    void aCreationRunsOnCommandsPublishedByTheirTransactions() {
        startAgent();
        awaitHostsUp(1);

        String id =
                api.postDts(Guests.tinyPvh(UUID.randomUUID(), "direct"))
                        .json()
                        .path("id")
                        .asString();

        awaitState(id, "RUNNING", Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows() == 0);
    }

    private long outboxRows() {
        return jdbc.sql("select count(*) from outbox").query(Long.class).single();
    }

    /** A fresh topic under a prefix the orchestrator may write to. */
    private String topic() throws Exception {
        String topic = "slipway.commands.direct-" + UUID.randomUUID();
        try (Admin admin = Admin.create(adminClientConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }
}
