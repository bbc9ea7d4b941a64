package io.slipway.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfraEndpointsTests {
    @TempDir Path dir;

    private final InfraEndpoints endpoints =
            new InfraEndpoints(
                    "jdbc:postgresql://127.0.0.1:15432/slipway?x=a=b",
                    "slipway_app",
                    "secret",
                    "slipway_migrator",
                    "owner-secret",
                    "disable",
                    "127.0.0.1:19092",
                    "kafka-secret-1234");

    @Test
    void writtenFileReadsBackAsTheSameEndpointsOnlyItsOwnerCanReadItAndToStringHidesPasswords()
            throws Exception {
        Path file = dir.resolve("infra.env");

        endpoints.writeTo(file);

        assertThat(InfraEndpoints.readFrom(file)).isEqualTo(endpoints);
        assertThat(Files.readAllLines(file))
                .containsExactly(
                        "SLIPWAY_DB_URL=jdbc:postgresql://127.0.0.1:15432/slipway?x=a=b",
                        "SLIPWAY_DB_USER=slipway_app",
                        "SLIPWAY_DB_PASSWORD=secret",
                        "SLIPWAY_DB_MIGRATION_USER=slipway_migrator",
                        "SLIPWAY_DB_MIGRATION_PASSWORD=owner-secret",
                        "SLIPWAY_DB_SSLMODE=disable",
                        "SLIPWAY_KAFKA_BOOTSTRAP=127.0.0.1:19092",
                        "SLIPWAY_KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT",
                        "SLIPWAY_KAFKA_USER=slipway-orchestrator",
                        "SLIPWAY_KAFKA_PASSWORD=kafka-secret-1234");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(dir.resolve("infra.env.tmp")).doesNotExist();
        assertThat(endpoints.toString())
                .contains("slipway_app", "slipway_migrator")
                .doesNotContain("secret");
    }

    @Test
    void aFileWithoutAVariableIsRejectedNamingIt() throws Exception {
        Path file = dir.resolve("infra.env");
        Files.writeString(file, "# partial\nSLIPWAY_DB_URL=x\nSLIPWAY_DB_USER=u\n");

        assertThatThrownBy(() -> InfraEndpoints.readFrom(file))
                .hasMessageContaining("SLIPWAY_DB_PASSWORD");
    }

    @Test
    void theSplitReadyFilesOfPostgresAndKafkaTogetherMakeTheEndpoints() {
        Path postgres = dir.resolve("postgres.env");
        Path kafka = dir.resolve("kafka.env");
        var database = new LinkedHashMap<>(endpoints.asEnvironment());
        database.keySet().removeIf(key -> key.startsWith("SLIPWAY_KAFKA_"));
        EnvFile.write(postgres, database);
        EnvFile.write(
                kafka,
                Map.of(
                        InfraEndpoints.KAFKA_BOOTSTRAP,
                        "127.0.0.1:19092",
                        InfraEndpoints.KAFKA_PASSWORD,
                        "kafka-secret-1234"));

        assertThat(InfraEndpoints.readFrom(postgres, kafka)).isEqualTo(endpoints);
        assertThatThrownBy(() -> InfraEndpoints.readFrom(postgres))
                .hasMessageContaining("SLIPWAY_KAFKA_BOOTSTRAP");
    }

    @Test
    void databasePasswordsAreGeneratedOnceKeptOwnerOnlyAndDifferPerRole() throws Exception {
        Path file = dir.resolve("postgres-roles.env");

        DatabaseRoles first = DatabaseRoles.loadOrCreate(file);
        DatabaseRoles again = DatabaseRoles.loadOrCreate(file);

        assertThat(again).isEqualTo(first);
        assertThat(first.migrationPassword()).hasSize(32).isNotEqualTo(first.runtimePassword());
        assertThat(DatabaseRoles.loadOrCreate(dir.resolve("other.env"))).isNotEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(first.toString()).doesNotContain(first.runtimePassword());
    }
}
