package io.slipway.devstack.dev;

import java.util.List;

/**
 * The capacity every simulated dev host declares: large enough that each example in {@code
 * examples/} fits on any single host (the biggest asks for 64 GiB, 16 vCPUs and the PCI functions
 * {@code 0000:3b:00.0} and {@code 0000:3b:00.1}).
 */
public record HostProfile(int memoryGib, int cpus, List<String> pciFunctions) {
    public static final HostProfile DEV =
            new HostProfile(
                    128,
                    32,
                    List.of(
                            "0000:3b:00.0",
                            "0000:3b:00.1",
                            "0000:3b:00.2",
                            "0000:3b:00.3",
                            "0000:af:00.0",
                            "0000:af:00.1"));

    public HostProfile {
        pciFunctions = List.copyOf(pciFunctions);
    }

    /** The agent flags that declare this capacity. */
    public List<String> agentFlags() {
        return List.of(
                "--memory-gib",
                Integer.toString(memoryGib),
                "--cpus",
                Integer.toString(cpus),
                "--pci",
                String.join(",", pciFunctions));
    }
}
