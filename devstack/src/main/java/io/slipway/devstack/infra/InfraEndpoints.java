package io.slipway.devstack.infra;

import io.slipway.embeddedkafka.SecureKafkaBroker;
import io.slipway.protocol.access.KafkaLogin;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How clients reach the running infrastructure, in the form the orchestrator reads from its
 * environment: the database URL, the runtime role it runs as ({@code SLIPWAY_DB_USER}, {@code
 * SLIPWAY_DB_PASSWORD}), the migration role Flyway uses ({@code SLIPWAY_DB_MIGRATION_USER}, {@code
 * SLIPWAY_DB_MIGRATION_PASSWORD}), {@code SLIPWAY_DB_SSLMODE} ({@code disable}: loopback only),
 * {@code SLIPWAY_KAFKA_BOOTSTRAP}, and the Kafka login ({@code SLIPWAY_KAFKA_SECURITY_PROTOCOL},
 * {@code SLIPWAY_KAFKA_USER}, {@code SLIPWAY_KAFKA_PASSWORD}). {@link #toString()} leaves the
 * passwords out.
 */
public record InfraEndpoints(
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        String dbMigrationUser,
        String dbMigrationPassword,
        String dbSslMode,
        String kafkaBootstrap,
        String kafkaPassword) {
    public static final String DB_URL = "SLIPWAY_DB_URL";
    public static final String DB_USER = "SLIPWAY_DB_USER";
    public static final String DB_PASSWORD = "SLIPWAY_DB_PASSWORD";
    public static final String DB_MIGRATION_USER = "SLIPWAY_DB_MIGRATION_USER";
    public static final String DB_MIGRATION_PASSWORD = "SLIPWAY_DB_MIGRATION_PASSWORD";
    public static final String DB_SSLMODE = "SLIPWAY_DB_SSLMODE";
    public static final String KAFKA_BOOTSTRAP = "SLIPWAY_KAFKA_BOOTSTRAP";
    public static final String KAFKA_SECURITY_PROTOCOL = "SLIPWAY_KAFKA_SECURITY_PROTOCOL";
    public static final String KAFKA_USER = "SLIPWAY_KAFKA_USER";
    public static final String KAFKA_PASSWORD = "SLIPWAY_KAFKA_PASSWORD";

    /** Every variable, in a stable order, ready to merge into a child's environment. */
    public Map<String, String> asEnvironment() {
        var env = new LinkedHashMap<String, String>();
        env.put(DB_URL, jdbcUrl);
        env.put(DB_USER, dbUser);
        env.put(DB_PASSWORD, dbPassword);
        env.put(DB_MIGRATION_USER, dbMigrationUser);
        env.put(DB_MIGRATION_PASSWORD, dbMigrationPassword);
        env.put(DB_SSLMODE, dbSslMode);
        env.putAll(kafkaEnvironment(kafkaBootstrap, kafkaPassword));
        return env;
    }

    /** The orchestrator's login on the embedded broker. */
    public KafkaLogin orchestratorLogin() {
        return new KafkaLogin(KafkaLogin.ORCHESTRATOR, kafkaPassword);
    }

    /** The Kafka variables of an embedded broker (SASL over loopback TCP). */
    static Map<String, String> kafkaEnvironment(String bootstrap, String orchestratorPassword) {
        var env = new LinkedHashMap<String, String>();
        env.put(KAFKA_BOOTSTRAP, bootstrap);
        env.put(KAFKA_SECURITY_PROTOCOL, SecureKafkaBroker.SECURITY_PROTOCOL);
        env.put(KAFKA_USER, KafkaLogin.ORCHESTRATOR);
        env.put(KAFKA_PASSWORD, orchestratorPassword);
        return env;
    }

    /** Writes {@code KEY=value} lines to {@code file}, atomically (see {@link EnvFile}). */
    public void writeTo(Path file) {
        EnvFile.write(file, asEnvironment());
    }

    /**
     * Reads every variable from one or more files written by {@link EnvFile} (e.g. {@code
     * infra.env}, or {@code postgres.env} and {@code kafka.env}); a later file wins on a clash.
     * Fails naming the files when a variable is missing.
     */
    public static InfraEndpoints readFrom(Path... files) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Path file : files) {
            env.putAll(EnvFile.read(file));
        }
        return from(env, Arrays.toString(files));
    }

    /** The endpoints in {@code env}; fails naming {@code where} and the missing variable. */
    static InfraEndpoints from(Map<String, String> env, String where) {
        return new InfraEndpoints(
                required(env, DB_URL, where),
                required(env, DB_USER, where),
                required(env, DB_PASSWORD, where),
                required(env, DB_MIGRATION_USER, where),
                required(env, DB_MIGRATION_PASSWORD, where),
                required(env, DB_SSLMODE, where),
                required(env, KAFKA_BOOTSTRAP, where),
                required(env, KAFKA_PASSWORD, where));
    }

    @Override
    public String toString() {
        return "InfraEndpoints[%s as %s (migrations as %s), sslmode %s, kafka %s]"
                .formatted(jdbcUrl, dbUser, dbMigrationUser, dbSslMode, kafkaBootstrap);
    }

    private static String required(Map<String, String> env, String key, String where) {
        String value = env.get(key);
        if (value == null) {
            throw new IllegalArgumentException(where + " has no " + key);
        }
        return value;
    }
}
