package io.slipway.devstack.harness;

import io.slipway.devstack.dev.HostProfile;
import io.slipway.protocol.HostId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start one agent: its host id, the hypervisor it drives and any extra flags (fault
 * injection such as {@code --sim-fail ASSIGN_PCI:PCI_DEVICE_BUSY} or {@code --sim-crash-at
 * POPULATE_MEMORY:0.5}, which work with either driver). Kafka and the state directory are filled in
 * by the harness.
 */
public record AgentSpec(HostId hostId, Hypervisor hypervisor, List<String> flags) {
    public AgentSpec {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(hypervisor, "hypervisor");
        flags = List.copyOf(flags);
    }

    /** What the agent drives; gives the flags that select and size it. */
    public sealed interface Hypervisor {
        /**
         * @param stateDir the agent's state directory
         */
        List<String> agentFlags(Path stateDir);
    }

    /** The simulated Xen host: a declared capacity and a simulation speed. */
    public record Simulated(HostProfile profile, String simSpeed) implements Hypervisor {
        public Simulated {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(simSpeed, "simSpeed");
        }

        @Override
        public List<String> agentFlags(Path stateDir) {
            var args = new ArrayList<>(profile.agentFlags());
            args.addAll(List.of("--sim-speed", simSpeed));
            return args;
        }
    }

    /**
     * This machine's libvirtd ({@code qemu:///system}) under QEMU's TCG (nested KVM here runs no
     * Linux kernel, see LIBVIRT-NOTES), with the capacity read from the host less a small reserve,
     * the artifact store {@code STATE/artifacts} and a short shutdown wait (tests destroy guests
     * that ignore ACPI).
     */
    public record Libvirt() implements Hypervisor {
        /** Kept for the host: this machine has 24 GiB and 2 cores shared with other builds. */
        static final String RESERVE_MEMORY_MIB = "2048";

        public static Path artifacts(Path stateDir) {
            return stateDir.resolve("artifacts");
        }

        @Override
        public List<String> agentFlags(Path stateDir) {
            return List.of(
                    "--driver",
                    "libvirt",
                    "--virtualization",
                    "tcg",
                    "--artifacts",
                    artifacts(stateDir).toString(),
                    "--reserve-memory-mib",
                    RESERVE_MEMORY_MIB,
                    "--reserve-cpus",
                    "0",
                    "--shutdown-wait",
                    "1s");
        }
    }

    /** The dev profile (128 GiB, 32 pCPUs, six PCI functions), simulation speed 10. */
    public static AgentSpec of(String hostId) {
        return new AgentSpec(HostId.of(hostId), new Simulated(HostProfile.DEV, "10"), List.of());
    }

    /** An agent driving this machine's libvirt (see {@link Libvirt}). */
    public static AgentSpec libvirt(String hostId) {
        return new AgentSpec(HostId.of(hostId), new Libvirt(), List.of());
    }

    public AgentSpec withSimSpeed(String speed) {
        return new AgentSpec(hostId, new Simulated(simulated().profile(), speed), flags);
    }

    public AgentSpec withProfile(HostProfile newProfile) {
        return new AgentSpec(hostId, new Simulated(newProfile, simulated().simSpeed()), flags);
    }

    /** Adds flags after the standard ones, e.g. {@code withFlags("--sim-fail", "X:Y")}. */
    public AgentSpec withFlags(String... more) {
        var all = new ArrayList<>(flags);
        all.addAll(List.of(more));
        return new AgentSpec(hostId, hypervisor, all);
    }

    private Simulated simulated() {
        if (hypervisor instanceof Simulated s) {
            return s;
        }
        throw new IllegalStateException(hostId + " drives " + hypervisor + ", not the simulator");
    }
}
