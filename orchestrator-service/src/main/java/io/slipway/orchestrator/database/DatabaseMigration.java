package io.slipway.orchestrator.database;

import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Applies the Flyway migrations as the migration role and exits: no web server, no Kafka, no
 * scheduling. Same configuration and the same {@link DatabaseSettingsCheck} as the orchestrator.
 * For a deployment in which the orchestrator itself never holds the migration role's credentials
 * (it then runs with {@code SPRING_FLYWAY_ENABLED=false}): the Kubernetes manifests run it as an
 * init container, from the orchestrator's image:
 *
 * <pre>
 * java -Dloader.main=io.slipway.orchestrator.database.DatabaseMigration -cp orchestrator.jar \
 *      org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 *
 * Exits 0 once the schema is current; concurrent runs are safe (Flyway takes a database lock). Not
 * a component: the orchestrator's component scan does not pick it up.
 */
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
public class DatabaseMigration {
    public static void main(String[] args) {
        run(args).close();
    }

    /** Migrates and returns the (still open) context; the caller closes it. */
    static ConfigurableApplicationContext run(String... args) {
        var app = new SpringApplication(DatabaseMigration.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        app.setDefaultProperties(Map.of(DatabaseSettings.MIGRATE_ONLY, "true"));
        return app.run(args);
    }
}
