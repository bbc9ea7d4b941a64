package io.slipway.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.orchestrator.OrchestratorApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class DatabaseSettingsTests {

    @Test
    void withoutCredentialsTheOrchestratorDoesNotStartAndNamesEveryMissingVariableOnce(
            CapturedOutput output) {
        var app = new SpringApplication(OrchestratorApplication.class);

        // Blank on the command line: whatever this machine's environment holds does not count.
        assertThatThrownBy(
                        () ->
                                app.run(
                                        "--server.port=0",
                                        "--SLIPWAY_DB_URL=",
                                        "--SLIPWAY_DB_USER=",
                                        "--SLIPWAY_DB_PASSWORD=",
                                        "--SLIPWAY_KAFKA_PASSWORD="))
                .isInstanceOf(DatabaseSettingsException.class);

        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("SLIPWAY_DB_URL is not set")
                .contains("SLIPWAY_DB_USER is not set")
                .contains("SLIPWAY_DB_PASSWORD is not set")
                .contains("SLIPWAY_KAFKA_PASSWORD is not set")
                .doesNotContain("at io.slipway")
                .doesNotContain("HikariPool");
    }

    @Test
    void everyProblemIsReportedTogether() {
        var env =
                settings("jdbc:mysql://db/x?password=oops", "", "")
                        .withProperty("SLIPWAY_DB_MIGRATION_USER", "owner")
                        .withProperty("slipway.db.sslmode", "sometimes");

        assertThatThrownBy(() -> DatabaseSettings.read(env))
                .isInstanceOfSatisfying(
                        DatabaseSettingsException.class,
                        e ->
                                assertThat(e.problems())
                                        .hasSize(6)
                                        .anyMatch(p -> p.startsWith("SLIPWAY_DB_USER is not set"))
                                        .anyMatch(
                                                p -> p.startsWith("SLIPWAY_DB_PASSWORD is not set"))
                                        .anyMatch(p -> p.contains("jdbc:postgresql:"))
                                        .anyMatch(p -> p.contains("must not carry"))
                                        .anyMatch(
                                                p ->
                                                        p.startsWith(
                                                                "SLIPWAY_DB_MIGRATION_PASSWORD is"
                                                                        + " not set"))
                                        .anyMatch(p -> p.contains("'sometimes'")));
    }

    @Test
    void sslModeIsAddedToTheUrlUnlessTheUrlNamesOne() {
        assertThat(read("jdbc:postgresql://db:5432/slipway", "verify-full").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db:5432/slipway?sslmode=verify-full");
        assertThat(read("jdbc:postgresql://db/slipway?sslrootcert=/ca.crt", "VERIFY-CA").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/slipway?sslrootcert=/ca.crt&sslmode=verify-ca");
        assertThat(
                        read("jdbc:postgresql://db/slipway?ssl=true&sslMode=require", "disable")
                                .jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/slipway?ssl=true&sslMode=require");
    }

    @Test
    void theUrlWithItsSslModeComesFirstAndOneRoleForBothIsSingleRoleMode() {
        var env = settings("jdbc:postgresql://db/slipway", "app", "secret");
        env.setProperty("slipway.db.sslmode", "disable");

        DatabaseSettings single = DatabaseSettingsCheck.apply(env);

        assertThat(env.getProperty("spring.datasource.url"))
                .isEqualTo("jdbc:postgresql://db/slipway?sslmode=disable");
        assertThat(single.singleRole()).isTrue();
        env.setProperty("spring.flyway.user", "owner");
        assertThat(DatabaseSettings.read(env).singleRole()).isFalse();
    }

    @Test
    void aRoleNameThatIsNotPlainIsRefused() {
        var env = settings("jdbc:postgresql://db/slipway", "app'; drop table events; --", "x");
        env.setProperty("slipway.db.sslmode", "disable");

        assertThatThrownBy(() -> DatabaseSettings.read(env))
                .hasMessageContaining("SLIPWAY_DB_USER must be a plain role name");
    }

    private static DatabaseSettings read(String url, String sslMode) {
        return DatabaseSettings.read(
                settings(url, "app", "secret").withProperty("slipway.db.sslmode", sslMode));
    }

    private static MockEnvironment settings(String url, String user, String password) {
        return new MockEnvironment()
                .withProperty("spring.datasource.url", url)
                .withProperty("spring.datasource.username", user)
                .withProperty("spring.datasource.password", password);
    }
}
