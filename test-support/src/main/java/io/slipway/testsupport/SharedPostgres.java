package io.slipway.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One real PostgreSQL per test JVM, started on first use and stopped when the JVM exits,
 * provisioned the way production is: database {@value #DATABASE} owned by the migration role
 * {@value #MIGRATION_USER}, and a separate runtime role {@value #RUNTIME_USER} that the
 * orchestrator runs as, both with passwords (checked: only the superuser is trusted on loopback).
 * Every integration test therefore runs on V6's grants.
 */
public final class SharedPostgres {
    public static final String DATABASE = "slipway";
    public static final String MIGRATION_USER = "slipway_migrator";
    public static final String RUNTIME_USER = "slipway_app";
    private static final String MIGRATION_PASSWORD = UUID.randomUUID().toString();
    private static final String RUNTIME_PASSWORD = UUID.randomUUID().toString();

    private static EmbeddedPostgres instance;

    private SharedPostgres() {}

    public static synchronized EmbeddedPostgres get() {
        if (instance == null) {
            try {
                instance =
                        EmbeddedPostgres.builder()
                                .setDataDirectoryCustomizer(SharedPostgres::passwordsRequired)
                                .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = instance;
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        try {
                                            started.close();
                                        } catch (IOException ignored) {
                                            // the JVM is exiting; the temp cluster goes with it
                                        }
                                    }));
            createRolesAndDatabase(started);
        }
        return instance;
    }

    /** The database's URL, without credentials. */
    public static String jdbcUrl() {
        return "jdbc:postgresql://localhost:%d/%s".formatted(get().getPort(), DATABASE);
    }

    public static String runtimePassword() {
        return RUNTIME_PASSWORD;
    }

    public static String migrationPassword() {
        return MIGRATION_PASSWORD;
    }

    /** A connection as the runtime role, the orchestrator's own privileges. */
    public static Connection connectAsRuntime() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), RUNTIME_USER, RUNTIME_PASSWORD);
    }

    /**
     * Empties every table but Flyway's history, as the owner: the runtime role may not truncate
     * events. Run before each test.
     */
    public static void emptyTables() {
        try (Connection c =
                        DriverManager.getConnection(jdbcUrl(), MIGRATION_USER, MIGRATION_PASSWORD);
                var s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (var rs =
                    s.executeQuery(
                            "select quote_ident(tablename) from pg_tables where schemaname ="
                                    + " current_schema() and tablename <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (!tables.isEmpty()) {
                s.execute("truncate " + String.join(", ", tables));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the tables", e);
        }
    }

    private static void createRolesAndDatabase(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                var s = c.createStatement()) {
            s.execute(
                    "create role %s login password '%s'"
                            .formatted(MIGRATION_USER, MIGRATION_PASSWORD));
            s.execute(
                    "create role %s login password '%s'".formatted(RUNTIME_USER, RUNTIME_PASSWORD));
            s.execute("create database %s owner %s".formatted(DATABASE, MIGRATION_USER));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the Slipway roles and database", e);
        }
    }

    /**
     * The superuser (the test setup itself) is trusted on loopback; every other role needs its
     * password.
     */
    private static void passwordsRequired(java.io.File dataDir) {
        try {
            Files.writeString(
                    Path.of(dataDir.getPath(), "pg_hba.conf"),
                    """
                    host all postgres 127.0.0.1/32 trust
                    host all postgres ::1/128 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
