package io.slipway.devstack.harness;

import io.slipway.protocol.HostId;
import java.util.Objects;

/**
 * One process of a {@link SlipwaySystem}: {@link #POSTGRES}, {@link #KAFKA}, {@link #ORCHESTRATOR},
 * or the agent of one host.
 */
public record Component(String name) {
    /** {@code DevStackMain postgres}: a wrapper JVM and the PostgreSQL server it starts. */
    public static final Component POSTGRES = new Component("postgres");

    /** {@code DevStackMain kafka}: the KRaft broker's JVM. */
    public static final Component KAFKA = new Component("kafka");

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
