package io.slipway.orchestrator.agentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.protocol.HostId;
import io.slipway.protocol.Topics;
import io.slipway.testsupport.Guests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Malformed, duplicated and reordered messages never crash a consumer and never double-apply. */
class PoisonAndDuplicateMessagesIntegrationTests extends IntegrationTestBase {

    @Test
    void malformedReportsAndHeartbeatsAreDeadLetteredWithTheReasonAndConsumptionGoesOn()
            throws Exception {
        String host = startAgent();
        awaitHostsUp(1);
        String marker = UUID.randomUUID().toString();
        String reports = Topics.reportsFor(HostId.of(host));
        try (Producer<String, String> producer = producer(hostClientConfig(host))) {
            producer.send(new ProducerRecord<>(reports, marker, "\u0000\u00ffgarbage")).get();
            producer.send(
                            new ProducerRecord<>(
                                    reports, marker, "{\"v\":99,\"type\":\"StepStarted\"}"))
                    .get();
            producer.send(
                            new ProducerRecord<>(
                                    reports, marker, "{\"v\":1,\"type\":\"Bogus\",\"payload\":{}}"))
                    .get();
            producer.send(
                            new ProducerRecord<>(
                                    Topics.heartbeatsFor(HostId.of(host)), marker, "[1,2,3]"))
                    .get();
        }

        List<ConsumerRecord<String, String>> dead =
                readAll(Topics.DEAD_LETTER, r -> marker.equals(r.key()), 4);
        List<String> reasons =
                dead.stream()
                        .map(
                                r ->
                                        new String(
                                                r.headers().lastHeader("slipway-reason").value(),
                                                StandardCharsets.UTF_8))
                        .toList();
        assertThat(reasons)
                .anyMatch(r -> r.contains("not JSON"))
                .anyMatch(r -> r.contains("version 99"))
                .anyMatch(r -> r.contains("Bogus"))
                .anyMatch(r -> r.contains("not a JSON object"));

        String id =
                api.postDts(Guests.tinyPvh(UUID.randomUUID(), "after-poison"))
                        .json()
                        .path("id")
                        .asString();
        awaitState(id, "RUNNING", Duration.ofSeconds(60));
    }

    @Test
    void everyReportDeliveredAgainAndOutOfOrderChangesNothing() throws Exception {
        String host = startAgent();
        String reportTopic = Topics.reportsFor(HostId.of(host));
        awaitHostsUp(1);
        String id =
                api.postDts(Guests.tinyPvh(UUID.randomUUID(), "dup")).json().path("id").asString();
        awaitState(id, "RUNNING", Duration.ofSeconds(60));
        long eventsBefore = eventCount(id);

        List<ConsumerRecord<String, String>> reports =
                // at least a success for each of the ten agent steps (a start only for a slow one)
                readAll(reportTopic, r -> id.equals(r.key()), 10);
        List<ConsumerRecord<String, String>> shuffled = new ArrayList<>(reports);
        Collections.shuffle(shuffled, new java.util.Random(7));
        try (Producer<String, String> producer = producer(hostClientConfig(host))) {
            for (ConsumerRecord<String, String> r : shuffled) {
                producer.send(new ProducerRecord<>(reportTopic, r.key(), r.value())).get();
            }
        }
        // A fresh domain created after the replay proves the replayed reports were consumed.
        String after =
                api.postDts(Guests.tinyPvh(UUID.randomUUID(), "after-dup"))
                        .json()
                        .path("id")
                        .asString();
        awaitState(after, "RUNNING", Duration.ofSeconds(60));

        assertThat(eventCount(id)).isEqualTo(eventsBefore);
        assertThat(api.get("/api/v1/domains/" + id).json().path("state").asString())
                .isEqualTo("RUNNING");
    }

    private long eventCount(String id) {
        return jdbc.sql("select count(*) from events where domain_id = ?::uuid")
                .param(id)
                .query(Long.class)
                .single();
    }

    private List<ConsumerRecord<String, String>> readAll(
            String topic,
            java.util.function.Predicate<ConsumerRecord<String, String>> wanted,
            int atLeast) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (Consumer<String, String> consumer = consumer(adminClientConfig())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                ConsumerRecords<String, String> records =
                                        consumer.poll(Duration.ofMillis(200));
                                records.forEach(
                                        r -> {
                                            if (wanted.test(r)) {
                                                out.add(r);
                                            }
                                        });
                                return out.size() >= atLeast;
                            });
        }
        return out;
    }
}
