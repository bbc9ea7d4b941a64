package io.slipway.orchestrator.outbox;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Tells a send that can never succeed from one worth retrying. Permanent: the record is larger than
 * the producer's {@code max.request.size} or the broker's {@code message.max.bytes}, the topic name
 * is invalid, the orchestrator is not authorized for the topic, or the record cannot be serialized.
 * Anything else (retriable Kafka errors, timeouts, a closed producer, unknown failures) is retried:
 * parking a message that would have gone through later would be worse than waiting for it.
 */
final class PublishFailures {
    private static final int MAX_REASON = 1000;

    private PublishFailures() {}

    /** The reason to park with, or empty when the send should be retried. */
    static Optional<String> permanentReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return Optional.empty();
            }
            if (t instanceof RecordTooLargeException
                    || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidTopicException
                    || t instanceof AuthorizationException
                    || t instanceof SerializationException) {
                String reason = t.getClass().getSimpleName() + ": " + t.getMessage();
                return Optional.of(
                        reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
