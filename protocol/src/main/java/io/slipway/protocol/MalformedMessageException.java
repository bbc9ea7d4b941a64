package io.slipway.protocol;

/**
 * A Kafka message that cannot be understood: garbage bytes, an unknown envelope version or type, or
 * a payload that does not fit its type. Consumers send such messages to {@link Topics#DEAD_LETTER}
 * with {@link #getMessage()} as the reason, and go on.
 */
public class MalformedMessageException extends Exception {
    public MalformedMessageException(String reason) {
        super(reason);
    }

    public MalformedMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
