package io.slipway.agent.testing;

import io.slipway.agent.AgentConfig;
import io.slipway.agent.AgentFlags;
import io.slipway.protocol.HostId;
import io.slipway.testsupport.TestKafka;
import java.nio.file.Path;
import java.util.Map;

/**
 * Agents started in the test's JVM against the tests' broker, as the integration tests run them.
 */
public final class InProcessAgents {
    private InProcessAgents() {}

    /**
     * Enrolls {@code host} (its {@code kafka.properties} written in {@code stateDir}) and returns
     * the configuration of its agent: a simulated hypervisor in {@code stateDir} at maximum speed,
     * the PCI functions {@code 0000:3b:00.0} and {@code 0000:3b:00.1}, a heartbeat every 200 ms.
     * The same configuration starts the agent again after a restart.
     */
    public static AgentConfig enroll(HostId host, Path stateDir) {
        Path kafkaConfig = TestKafka.enroll(host, stateDir.resolve("kafka.properties"));
        return AgentFlags.parse(
                new String[] {
                    "--host-id",
                    host.value(),
                    "--kafka-config",
                    kafkaConfig.toString(),
                    "--state-dir",
                    stateDir.toString(),
                    "--sim-speed",
                    "max",
                    "--pci",
                    "0000:3b:00.0,0000:3b:00.1",
                    "--heartbeat-interval",
                    "200ms"
                },
                Map.of());
    }
}
