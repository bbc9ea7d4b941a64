package io.slipway.orchestrator.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What an enrolled agent is told about the broker, and how long enrolment may wait for it ({@code
 * slipway.access.*}).
 *
 * @param agentBootstrap the bootstrap servers agents connect to (often not the address the
 *     orchestrator itself uses)
 * @param agentSecurityProtocol {@code SASL_SSL} in production, {@code SASL_PLAINTEXT} on a loopback
 *     dev broker
 * @param adminTimeout how long one enrolment or revocation waits for the broker
 */
@ConfigurationProperties("slipway.access")
record KafkaAccessSettings(
        String agentBootstrap,
        String agentSecurityProtocol,
        @DefaultValue("30s") Duration adminTimeout) {
    public KafkaAccessSettings {
        if (agentBootstrap == null || agentBootstrap.isBlank()) {
            throw new IllegalArgumentException("slipway.access.agent-bootstrap must be set");
        }
        if (!"SASL_SSL".equals(agentSecurityProtocol)
                && !"SASL_PLAINTEXT".equals(agentSecurityProtocol)) {
            throw new IllegalArgumentException(
                    "slipway.access.agent-security-protocol must be SASL_SSL or SASL_PLAINTEXT: "
                            + agentSecurityProtocol);
        }
        if (adminTimeout.isNegative() || adminTimeout.isZero()) {
            throw new IllegalArgumentException("slipway.access.admin-timeout must be positive");
        }
    }
}
