package io.slipway.orchestrator.database;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Checks the database settings once per start, after every property source is in place (test
 * properties included) and before any bean connects; registered in {@code
 * META-INF/spring.factories}. On a problem the start ends with {@link DatabaseSettingsException},
 * reported as one message by {@link DatabaseSettingsFailureAnalyzer}. Otherwise it puts the URL
 * with its {@code sslmode} in front of every other source of {@code spring.datasource.url}
 * (Flyway's connection is derived from the same URL) and warns when one role both migrates and
 * runs.
 */
public final class DatabaseSettingsCheck implements ApplicationListener<ApplicationPreparedEvent> {
    static final String SOURCE = "slipwayDatabaseUrl";
    private static final Logger log = LoggerFactory.getLogger(DatabaseSettingsCheck.class);

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        ConfigurableEnvironment env = event.getApplicationContext().getEnvironment();
        apply(env);
    }

    static DatabaseSettings apply(ConfigurableEnvironment env) {
        DatabaseSettings settings = DatabaseSettings.read(env);
        env.getPropertySources()
                .addFirst(
                        new MapPropertySource(
                                SOURCE, Map.of("spring.datasource.url", settings.jdbcUrl())));
        // With migrations disabled they run elsewhere (DatabaseMigration), under another role.
        boolean migrates = env.getProperty("spring.flyway.enabled", Boolean.class, true);
        if (migrates && settings.singleRole()) {
            log.warn(
                    "single database role {}: it owns the schema, so nothing stops it from"
                            + " updating or deleting events or dropping their append-only trigger;"
                            + " set SLIPWAY_DB_MIGRATION_USER and SLIPWAY_DB_MIGRATION_PASSWORD to"
                            + " migrate as another role (SECURITY.md)",
                    settings.runtimeUser());
        }
        log.info(
                "database {} as {} ({}), sslmode {}",
                settings.url(),
                settings.runtimeUser(),
                migrates ? "migrations as " + settings.migrationUser() : "migrations elsewhere",
                settings.sslMode());
        return settings;
    }
}
