package io.slipway.devstack.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two login roles of the embedded database and their passwords: {@value #MIGRATION_USER} owns
 * the database and runs the migrations, {@value #RUNTIME_USER} is what the orchestrator runs as
 * (db/migration/V6 grants it DML but no UPDATE, DELETE or TRUNCATE on events). The passwords are
 * generated once per data directory and kept in a file readable only by its owner, so a restart on
 * the same directory finds the same credentials.
 *
 * @param migrationPassword {@value #MIGRATION_USER}'s password
 * @param runtimePassword {@value #RUNTIME_USER}'s password
 */
record DatabaseRoles(String migrationPassword, String runtimePassword) {
    static final String MIGRATION_USER = "slipway_migrator";
    static final String RUNTIME_USER = "slipway_app";
    private static final String MIGRATION_KEY = "MIGRATION_PASSWORD";
    private static final String RUNTIME_KEY = "RUNTIME_PASSWORD";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The passwords stored in {@code file}, or new ones written there (mode 0600) first. */
    static DatabaseRoles loadOrCreate(Path file) {
        if (Files.exists(file)) {
            Map<String, String> stored = EnvFile.read(file);
            String migration = stored.get(MIGRATION_KEY);
            String runtime = stored.get(RUNTIME_KEY);
            if (migration == null || runtime == null) {
                throw new IllegalStateException(
                        file + " lacks " + MIGRATION_KEY + " or " + RUNTIME_KEY + ": delete it");
            }
            return new DatabaseRoles(migration, runtime);
        }
        var roles = new DatabaseRoles(newPassword(), newPassword());
        var entries = new LinkedHashMap<String, String>();
        entries.put(MIGRATION_KEY, roles.migrationPassword());
        entries.put(RUNTIME_KEY, roles.runtimePassword());
        EnvFile.write(file, entries);
        return roles;
    }

    /** 192 random bits, URL-safe: nothing to quote in an env file, a URL or SQL. */
    private static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "DatabaseRoles[" + MIGRATION_USER + ", " + RUNTIME_USER + "]";
    }
}
