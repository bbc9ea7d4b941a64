package io.slipway.devstack.infra;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded PostgreSQL plus a real KRaft Kafka broker, the whole infrastructure of a dev stack.
 *
 * <p>{@link #start} returns only when both accept clients; {@link #close} stops Kafka first (its
 * clients are the other processes, which the caller stops before), then PostgreSQL. Data lives in
 * {@link InfraConfig#dataDir()}: starting again on the same directory, even after the previous
 * process was killed with {@code kill -9}, finds every committed row and every acknowledged
 * message. Not thread-safe; {@link #close} is idempotent.
 */
public final class EmbeddedInfra implements InfraServer {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfra.class);

    private final PostgresNode postgres;
    private final KafkaNode kafka;
    private final InfraEndpoints endpoints;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedInfra(PostgresNode postgres, KafkaNode kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
        var env = new LinkedHashMap<String, String>(postgres.environment());
        env.putAll(kafka.environment());
        this.endpoints = InfraEndpoints.from(env, "the embedded infrastructure");
    }

    /**
     * Starts PostgreSQL, then Kafka. Fails with {@link Ports.PortInUseException} when a port is
     * taken (nothing is left running in that case).
     */
    public static EmbeddedInfra start(InfraConfig config) {
        long startedAt = System.nanoTime();
        PostgresNode postgres = PostgresNode.start(config.postgresDir(), config.pgPort());
        log.info(
                "postgres up in {} ms on port {}",
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis(),
                config.pgPort());
        KafkaNode kafka;
        try {
            kafka = KafkaNode.start(config.kafkaDir(), config.kafkaPort(), config.controllerPort());
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        var infra = new EmbeddedInfra(postgres, kafka);
        log.info(
                "infra up in {} ms: {} and kafka {}",
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis(),
                infra.endpoints.jdbcUrl(),
                infra.endpoints.kafkaBootstrap());
        return infra;
    }

    /** The broker's super user client configuration (see {@link KafkaNode#adminConfig()}). */
    public Map<String, Object> kafkaAdminConfig() {
        return kafka.adminConfig();
    }

    public InfraEndpoints endpoints() {
        return endpoints;
    }

    /** Every {@link InfraEndpoints} variable. */
    @Override
    public Map<String, String> environment() {
        return endpoints.asEnvironment();
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
        log.info("infra stopped");
    }
}
