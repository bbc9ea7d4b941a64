package io.slipway.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/** Deletes a topic's records as a retention shorter than an outage would: the topic stays. */
public final class TopicTrim {
    private TopicTrim() {}

    /** Deletes every record of every partition of {@code topic} up to its end offset. */
    public static void deleteEveryRecord(Map<String, Object> adminConfig, String topic)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(adminConfig)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .forEach(
                            p ->
                                    latest.put(
                                            new TopicPartition(topic, p.partition()),
                                            OffsetSpec.latest()));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get()
                    .forEach(
                            (tp, end) ->
                                    delete.put(tp, RecordsToDelete.beforeOffset(end.offset())));
            admin.deleteRecords(delete).all().get();
        }
    }
}
