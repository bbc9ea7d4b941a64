package io.slipway.devstack.harness;

import io.slipway.protocol.HostId;
import java.util.Objects;

/**
 * One process of a {@link SlipwaySystem}: {@link #INFRA} (PostgreSQL + Kafka), {@link
 * #ORCHESTRATOR}, or the agent of one host.
 */
public record Component(String name) {
    public static final Component INFRA = new Component("infra");
    public static final Component ORCHESTRATOR = new Component("orchestrator");

    public Component {
        Objects.requireNonNull(name, "name");
    }

    public static Component agent(HostId hostId) {
        return new Component(hostId.value());
    }

    @Override
    public String toString() {
        return name;
    }
}
