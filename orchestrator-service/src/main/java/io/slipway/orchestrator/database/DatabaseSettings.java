package io.slipway.orchestrator.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.env.PropertyResolver;

/**
 * The database settings as resolved from every property source (environment variables, command
 * line, test properties), checked together so that one start reports every problem at once.
 *
 * @param url the JDBC URL as given, without credentials
 * @param runtimeUser the role the orchestrator runs as
 * @param migrationUser the role Flyway migrates as; equal to {@code runtimeUser} in single-role
 *     mode
 * @param sslMode one of {@link #SSL_MODES}
 */
record DatabaseSettings(String url, String runtimeUser, String migrationUser, String sslMode) {
    static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** Set by {@link DatabaseMigration}: only the migration role connects. */
    static final String MIGRATE_ONLY = "slipway.db.migrate-only";

    /** A role name usable unquoted in the V6 migration's placeholder and in a JDBC URL. */
    private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** URL parameters that would override the configured role or password. */
    private static final Pattern CREDENTIAL_PARAMETER =
            Pattern.compile("[?&](user|password)=", Pattern.CASE_INSENSITIVE);

    /**
     * Reads and checks the settings.
     *
     * @throws DatabaseSettingsException naming every missing or invalid setting
     */
    static DatabaseSettings read(PropertyResolver env) {
        List<String> problems = new ArrayList<>();
        String url = required(env, "spring.datasource.url", "SLIPWAY_DB_URL", problems);
        String user = required(env, "spring.datasource.username", "SLIPWAY_DB_USER", problems);
        // DatabaseMigration needs the runtime role's name (V6 grants to it), not its password.
        boolean migrateOnly = env.getProperty(MIGRATE_ONLY, Boolean.class, false);
        if (!migrateOnly) {
            required(env, "spring.datasource.password", "SLIPWAY_DB_PASSWORD", problems);
            kafkaLogin(env, problems);
        } else if (env.getProperty("spring.flyway.user", user).strip().equals(user)) {
            problems.add(
                    "SLIPWAY_DB_MIGRATION_USER is not set (spring.flyway.user): a migration run"
                            + " migrates as the owner role, not as the runtime role");
        }
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            problems.add("SLIPWAY_DB_URL must be a jdbc:postgresql: URL, not " + url);
        }
        if (CREDENTIAL_PARAMETER.matcher(url).find()) {
            problems.add(
                    "SLIPWAY_DB_URL must not carry user= or password=: they belong in"
                            + " SLIPWAY_DB_USER and SLIPWAY_DB_PASSWORD (a secret, not a URL)");
        }
        if (!user.isEmpty() && !ROLE.matcher(user).matches()) {
            problems.add(
                    "SLIPWAY_DB_USER must be a plain role name (letters, digits, _; at most 63): "
                            + user);
        }
        pair("SLIPWAY_DB_MIGRATION_USER", "SLIPWAY_DB_MIGRATION_PASSWORD", env, problems);
        pair("SLIPWAY_DB_MIGRATION_PASSWORD", "SLIPWAY_DB_MIGRATION_USER", env, problems);
        String sslMode = env.getProperty("slipway.db.sslmode", "").strip().toLowerCase(Locale.ROOT);
        if (!SSL_MODES.contains(sslMode)) {
            problems.add(
                    "SLIPWAY_DB_SSLMODE must be one of %s, not '%s'"
                            .formatted(SSL_MODES.stream().sorted().toList(), sslMode));
        }
        if (!problems.isEmpty()) {
            throw new DatabaseSettingsException(problems);
        }
        return new DatabaseSettings(
                url, user, env.getProperty("spring.flyway.user", user).strip(), sslMode);
    }

    /** True when Flyway and the orchestrator use the same role: nothing restricts the runtime. */
    boolean singleRole() {
        return migrationUser.equals(runtimeUser);
    }

    /**
     * The URL with {@code sslmode} added, unless the URL already names one (an explicit URL
     * parameter wins, as it does in the driver).
     */
    String jdbcUrl() {
        int query = url.indexOf('?');
        if (query >= 0) {
            for (String parameter : url.substring(query + 1).split("&")) {
                if (parameter.toLowerCase(Locale.ROOT).startsWith("sslmode=")) {
                    return url;
                }
            }
        }
        return url + (query < 0 ? "?" : "&") + "sslmode=" + sslMode;
    }

    private static String required(
            PropertyResolver env, String property, String variable, List<String> problems) {
        String value = env.getProperty(property, "").strip();
        if (value.isEmpty()) {
            problems.add(variable + " is not set (" + property + ")");
        }
        return value;
    }

    /**
     * The orchestrator's Kafka login is checked here too, so that a start without it fails with the
     * same one report instead of retrying a login whose password is the text of a placeholder.
     */
    private static void kafkaLogin(PropertyResolver env, List<String> problems) {
        String jaas;
        try {
            jaas = env.getProperty("spring.kafka.properties.sasl.jaas.config", "");
        } catch (IllegalArgumentException unresolved) {
            jaas = "password=\"\"";
        }
        if (jaas.contains("password=\"\"")) {
            problems.add(
                    "SLIPWAY_KAFKA_PASSWORD is not set (the orchestrator's SCRAM password on the"
                            + " Kafka broker)");
        }
    }

    private static void pair(
            String present, String missing, PropertyResolver env, List<String> problems) {
        if (!env.getProperty(present, "").isBlank() && env.getProperty(missing, "").isBlank()) {
            problems.add(missing + " is not set, but " + present + " is: they go together");
        }
    }
}
