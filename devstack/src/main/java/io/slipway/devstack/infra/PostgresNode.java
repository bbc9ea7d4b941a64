package io.slipway.devstack.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>Provisioned as production is: the database is owned by the migration role, the orchestrator
 * runs as a separate runtime role (see {@link DatabaseRoles}), and both log in with passwords
 * (SCRAM). Only the superuser, which this class uses to create them, is trusted on loopback.
 */
public final class PostgresNode implements InfraServer {
    static final String DATABASE = "slipway";

    /**
     * Rewritten on every start. The superuser is trusted on loopback (zonky's readiness check and
     * the role setup connect as it without a password); every other role needs its password.
     */
    private static final String PG_HBA =
            """
            # written by slipway devstack on every start
            host all postgres 127.0.0.1/32 trust
            host all all      127.0.0.1/32 scram-sha-256
            """;

    private static final Logger log = LoggerFactory.getLogger(PostgresNode.class);

    private final EmbeddedPostgres postgres;
    private final int port;
    private final DatabaseRoles roles;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresNode(EmbeddedPostgres postgres, int port, DatabaseRoles roles) {
        this.postgres = postgres;
        this.port = port;
        this.roles = roles;
    }

    /**
     * Starts the server (running {@code initdb} first when the directory is new), then makes sure
     * the two roles exist with the passwords kept in {@code postgres-roles.env} next to the data
     * directory (created with new random ones on first use, mode 0600) and that the {@value
     * #DATABASE} database exists, owned by the migration role. Returns only once the server answers
     * queries. A server left running by a killed owner on this directory is stopped first.
     */
    public static PostgresNode start(Path dataDir, int port) {
        StalePostmaster.stopIfRunning(dataDir);
        Ports.requireFree(port, "PostgreSQL", "--pg-port");
        try {
            Files.createDirectories(dataDir);
            DatabaseRoles roles = DatabaseRoles.loadOrCreate(rolesFile(dataDir));
            var postgres =
                    EmbeddedPostgres.builder()
                            .setDataDirectory(dataDir)
                            .setCleanDataDirectory(false)
                            .setDataDirectoryCustomizer(PostgresNode::writePgHba)
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
            var node = new PostgresNode(postgres, port, roles);
            try {
                node.provision();
            } catch (RuntimeException e) {
                node.close();
                throw e;
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "PostgreSQL did not start on port " + port + "; see " + logFile(dataDir), e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:%d/%s".formatted(port, DATABASE);
    }

    /**
     * The database variables of {@link InfraEndpoints}: URL, both roles and their passwords, and
     * {@code sslmode=disable} (the server listens on loopback only).
     */
    @Override
    public Map<String, String> environment() {
        var env = new LinkedHashMap<String, String>();
        env.put(InfraEndpoints.DB_URL, jdbcUrl());
        env.put(InfraEndpoints.DB_USER, DatabaseRoles.RUNTIME_USER);
        env.put(InfraEndpoints.DB_PASSWORD, roles.runtimePassword());
        env.put(InfraEndpoints.DB_MIGRATION_USER, DatabaseRoles.MIGRATION_USER);
        env.put(InfraEndpoints.DB_MIGRATION_PASSWORD, roles.migrationPassword());
        env.put(InfraEndpoints.DB_SSLMODE, "disable");
        return env;
    }

    /**
     * Creates or updates both roles (the stored passwords win), creates the database owned by the
     * migration role, and hands a database from before the role split (owned by the superuser) over
     * to the migration role, so that existing data directories keep working.
     */
    private void provision() {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            login(c, DatabaseRoles.MIGRATION_USER, roles.migrationPassword());
            login(c, DatabaseRoles.RUNTIME_USER, roles.runtimePassword());
            String owner = databaseOwner(c);
            if (owner == null) {
                execute(c, "CREATE DATABASE %s OWNER %s", DATABASE, DatabaseRoles.MIGRATION_USER);
                log.info("created database {}", DATABASE);
            } else if (!owner.equals(DatabaseRoles.MIGRATION_USER)) {
                execute(c, "ALTER DATABASE %s OWNER TO %s", DATABASE, DatabaseRoles.MIGRATION_USER);
                adoptObjects();
                log.info("database {} now owned by {}", DATABASE, DatabaseRoles.MIGRATION_USER);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot provision database " + DATABASE, e);
        }
    }

    private static void login(Connection c, String role, String password) throws SQLException {
        boolean exists;
        try (var q = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            q.setString(1, role);
            try (var rs = q.executeQuery()) {
                exists = rs.next();
            }
        }
        // Generated passwords are URL-safe base64: nothing to escape in the literal.
        execute(
                c,
                (exists ? "ALTER" : "CREATE") + " ROLE %s LOGIN NOSUPERUSER PASSWORD '%s'",
                role,
                password);
    }

    private static String databaseOwner(Connection c) throws SQLException {
        try (var q =
                c.prepareStatement(
                        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            q.setString(1, DATABASE);
            try (var rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Tables (with their sequences) and functions the superuser created in the public schema. */
    private void adoptObjects() throws SQLException {
        try (Connection c = postgres.getDatabase("postgres", DATABASE).getConnection()) {
            execute(
                    c,
                    """
                    DO $$
                    DECLARE o record;
                    BEGIN
                        FOR o IN SELECT tablename FROM pg_tables
                                 WHERE schemaname = 'public' AND tableowner <> '%1$s' LOOP
                            EXECUTE format('ALTER TABLE public.%%I OWNER TO %1$s', o.tablename);
                        END LOOP;
                        FOR o IN SELECT p.oid::regprocedure AS f FROM pg_proc p
                                 WHERE p.pronamespace = 'public'::regnamespace LOOP
                            EXECUTE format('ALTER FUNCTION %%s OWNER TO %1$s', o.f);
                        END LOOP;
                    END $$
                    """,
                    DatabaseRoles.MIGRATION_USER);
        }
    }

    private static void execute(Connection c, String sql, Object... args) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute(sql.formatted(args));
        }
    }

    private static void writePgHba(File dataDir) {
        Path file = dataDir.toPath().resolve("pg_hba.conf");
        try {
            Files.writeString(file, PG_HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Path rolesFile(Path dataDir) {
        return dataDir.resolveSibling("postgres-roles.env");
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
