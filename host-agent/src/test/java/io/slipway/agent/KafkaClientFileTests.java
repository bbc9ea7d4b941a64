package io.slipway.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientFileTests {
    @TempDir Path dir;

    @Test
    void thePropertiesAreMergedOverTheBootstrapAndNeverShown() throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(
                file,
                """
                # issued by the orchestrator
                bootstrap.servers=broker:9093
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
                username="slipway-host-h1" password="s3cretpassword123";
                """);

        AgentConfig config =
                AgentFlags.parse(
                        new String[] {"--host-id", "h1", "--kafka-config", file.toString()},
                        Map.of());

        assertThat(config.kafkaClientConfig())
                .containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(config.kafkaClientConfig().get("sasl.jaas.config").toString())
                .contains("password=\"s3cretpassword123\"");
        assertThat(config.toString()).doesNotContain("s3cret").contains("sasl.jaas.config");
    }

    @Test
    void aMissingOrOversizedFileIsRefusedNamingTheFlag() throws Exception {
        assertThatThrownBy(() -> KafkaClientFile.read(dir.resolve("absent")))
                .hasMessageStartingWith("--kafka-config");
        Path big = dir.resolve("big.properties");
        Files.write(big, new byte[KafkaClientFile.MAX_BYTES + 1]);
        assertThatThrownBy(() -> KafkaClientFile.read(big))
                .hasMessageStartingWith("--kafka-config")
                .hasMessageContaining("larger than");
    }
}
