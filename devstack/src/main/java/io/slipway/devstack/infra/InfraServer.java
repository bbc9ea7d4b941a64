package io.slipway.devstack.infra;

import java.util.Map;

/**
 * A started infrastructure server (PostgreSQL, the Kafka broker, or both together) that accepts
 * clients until {@link #close}. Implementations return from their {@code start} method only once
 * clients can connect.
 */
public interface InfraServer extends AutoCloseable {
    /**
     * How clients reach this server, as the {@link InfraEndpoints} environment variables it
     * provides (a subset of them when it is only one of the two servers). Stable for the server's
     * life.
     */
    Map<String, String> environment();

    /** Stops the server cleanly, flushing its data; idempotent. */
    @Override
    void close();
}
