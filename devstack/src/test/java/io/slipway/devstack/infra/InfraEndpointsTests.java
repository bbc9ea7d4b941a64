package io.slipway.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfraEndpointsTests {
    @TempDir Path dir;

    @Test
    void writtenFileReadsBackAsTheSameEndpointsAndHasOnlyTheirVariables() throws Exception {
        var endpoints =
                new InfraEndpoints(
                        "jdbc:postgresql://127.0.0.1:15432/slipway?x=a=b",
                        "postgres",
                        "secret",
                        "127.0.0.1:19092",
                        "kafka-secret-1234");
        Path file = dir.resolve("infra.env");

        endpoints.writeTo(file);

        assertThat(InfraEndpoints.readFrom(file)).isEqualTo(endpoints);
        assertThat(Files.readAllLines(file))
                .containsExactly(
                        "SLIPWAY_DB_URL=jdbc:postgresql://127.0.0.1:15432/slipway?x=a=b",
                        "SLIPWAY_DB_USER=postgres",
                        "SLIPWAY_DB_PASSWORD=secret",
                        "SLIPWAY_KAFKA_BOOTSTRAP=127.0.0.1:19092",
                        "SLIPWAY_KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT",
                        "SLIPWAY_KAFKA_USER=slipway-orchestrator",
                        "SLIPWAY_KAFKA_PASSWORD=kafka-secret-1234");
        assertThat(dir.resolve("infra.env.tmp")).doesNotExist();
        assertThat(endpoints.toString()).doesNotContain("secret");
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
        EnvFile.write(
                postgres,
                Map.of(
                        InfraEndpoints.DB_URL, "jdbc:postgresql://127.0.0.1:1/slipway",
                        InfraEndpoints.DB_USER, "u",
                        InfraEndpoints.DB_PASSWORD, "p"));
        EnvFile.write(
                kafka,
                Map.of(
                        InfraEndpoints.KAFKA_BOOTSTRAP,
                        "127.0.0.1:2",
                        InfraEndpoints.KAFKA_PASSWORD,
                        "kafka-secret-1234"));

        assertThat(InfraEndpoints.readFrom(postgres, kafka))
                .isEqualTo(
                        new InfraEndpoints(
                                "jdbc:postgresql://127.0.0.1:1/slipway",
                                "u",
                                "p",
                                "127.0.0.1:2",
                                "kafka-secret-1234"));
        assertThatThrownBy(() -> InfraEndpoints.readFrom(postgres))
                .hasMessageContaining("SLIPWAY_KAFKA_BOOTSTRAP");
    }
}
