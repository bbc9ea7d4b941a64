package io.slipway.devstack.harness;

import io.slipway.devstack.dev.HostProfile;
import io.slipway.protocol.HostId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start one agent: its host id, declared capacity, simulation speed and any extra flags
 * (fault injection such as {@code --sim-fail ASSIGN_PCI:PCI_DEVICE_BUSY} or {@code --sim-crash-at
 * POPULATE_MEMORY:0.5}). Kafka and the state directory are filled in by the harness.
 */
public record AgentSpec(HostId hostId, HostProfile profile, String simSpeed, List<String> flags) {
    public AgentSpec {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(simSpeed, "simSpeed");
        flags = List.copyOf(flags);
    }

    /** The dev profile (128 GiB, 32 pCPUs, six PCI functions), simulation speed 10. */
    public static AgentSpec of(String hostId) {
        return new AgentSpec(HostId.of(hostId), HostProfile.DEV, "10", List.of());
    }

    public AgentSpec withSimSpeed(String speed) {
        return new AgentSpec(hostId, profile, speed, flags);
    }

    public AgentSpec withProfile(HostProfile newProfile) {
        return new AgentSpec(hostId, newProfile, simSpeed, flags);
    }

    /** Adds flags after the standard ones, e.g. {@code withFlags("--sim-fail", "X:Y")}. */
    public AgentSpec withFlags(String... more) {
        var all = new ArrayList<>(flags);
        all.addAll(List.of(more));
        return new AgentSpec(hostId, profile, simSpeed, all);
    }
}
