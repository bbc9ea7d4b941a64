package io.slipway.devstack.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server on a fixed loopback port with a persistent data directory. The server runs
 * as a separate OS process (started through {@code pg_ctl}); its log goes to {@code postgres.log}
 * next to the data directory. Every acknowledged commit survives a {@code kill -9} of this JVM, of
 * the server, or of both: the next {@link #start} on the same directory finds it.
 */
public final class PostgresNode implements InfraServer {
    static final String DATABASE = "slipway";
    static final String USER = "postgres";

    /**
     * Authentication is {@code trust} on loopback; the password is there for clients that need one.
     */
    static final String PASSWORD = "postgres";

    private static final Logger log = LoggerFactory.getLogger(PostgresNode.class);

    private final EmbeddedPostgres postgres;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresNode(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    /**
     * Starts the server (running {@code initdb} first when the directory is new), then creates the
     * {@value #DATABASE} database if it does not exist. Returns only once the server answers
     * queries. A server left running by a killed owner on this directory is stopped first.
     */
    public static PostgresNode start(Path dataDir, int port) {
        StalePostmaster.stopIfRunning(dataDir);
        Ports.requireFree(port, "PostgreSQL", "--pg-port");
        try {
            Files.createDirectories(dataDir);
            var postgres =
                    EmbeddedPostgres.builder()
                            .setDataDirectory(dataDir)
                            .setCleanDataDirectory(false)
                            .setPort(port)
                            // The owner stops it, after Kafka and after the clients; a
                            // hook of its own would stop it first.
                            .setRegisterShutdownHook(false)
                            .setServerConfig("listen_addresses", "127.0.0.1")
                            .setServerConfig("max_connections", "200")
                            // zonky's defaults (fsync off, asynchronous commit) suit throwaway test
                            // databases; this one must keep every acknowledged commit across a
                            // kill -9 or a power loss, or "202 means recorded" would be a lie.
                            .setServerConfig("synchronous_commit", "on")
                            .setServerConfig("fsync", "on")
                            .setPGStartupWait(Duration.ofSeconds(60))
                            .setOutputRedirector(Redirect.appendTo(logFile(dataDir).toFile()))
                            .setErrorRedirector(Redirect.appendTo(logFile(dataDir).toFile()))
                            .start();
            var node = new PostgresNode(postgres, port);
            node.createDatabaseIfMissing();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "PostgreSQL did not start on port " + port + "; see " + logFile(dataDir), e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:%d/%s".formatted(port, DATABASE);
    }

    /** {@code SLIPWAY_DB_URL}, {@code SLIPWAY_DB_USER} and {@code SLIPWAY_DB_PASSWORD}. */
    @Override
    public Map<String, String> environment() {
        var env = new LinkedHashMap<String, String>();
        env.put(InfraEndpoints.DB_URL, jdbcUrl());
        env.put(InfraEndpoints.DB_USER, USER);
        env.put(InfraEndpoints.DB_PASSWORD, PASSWORD);
        return env;
    }

    private void createDatabaseIfMissing() {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (var rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (var create = c.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
            log.info("created database {}", DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE, e);
        }
    }

    private static Path logFile(Path dataDir) {
        return dataDir.resolveSibling("postgres.log");
    }

    /** Fast shutdown ({@code pg_ctl stop -m fast}): clients are disconnected, data is flushed. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("PostgreSQL did not stop cleanly", e);
        }
    }
}
