package io.slipway.orchestrator.placement;

import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A host's totals and what claims already hold of them. */
record HostCapacity(
        HostId hostId,
        String arch,
        long memoryKiB,
        int pcpus,
        Set<String> pci,
        long claimedMemoryKiB,
        int claimedVcpus,
        Set<String> claimedPci) {

    long freeMemoryKiB() {
        return memoryKiB - claimedMemoryKiB;
    }

    /** Why this host could never take {@code spec}, even empty; empty when it could. */
    Optional<String> neverFits(GuestSpec spec) {
        if (!arch.equals(spec.arch())) {
            return Optional.of("arch " + spec.arch() + " (host is " + arch + ")");
        }
        if (spec.maxMemoryKiB() > memoryKiB) {
            return Optional.of(
                    "memory " + gib(spec.maxMemoryKiB()) + " (host has " + gib(memoryKiB) + ")");
        }
        if (spec.vcpus() > pcpus) {
            return Optional.of(spec.vcpus() + " vCPUs (host has " + pcpus + " pCPUs)");
        }
        List<String> missing = sbdfs(spec).stream().filter(s -> !pci.contains(s)).toList();
        if (!missing.isEmpty()) {
            return Optional.of("PCI " + String.join(",", missing) + " (not on host)");
        }
        return Optional.empty();
    }

    /** Why this host cannot take {@code spec} now, given the claims; empty when it can. */
    Optional<String> doesNotFitNow(GuestSpec spec, int vcpuOvercommit) {
        Optional<String> never = neverFits(spec);
        if (never.isPresent()) {
            return never;
        }
        if (spec.maxMemoryKiB() > freeMemoryKiB()) {
            return Optional.of(
                    "memory " + gib(spec.maxMemoryKiB()) + " (free " + gib(freeMemoryKiB()) + ")");
        }
        if (claimedVcpus + spec.vcpus() > (long) pcpus * vcpuOvercommit) {
            return Optional.of(
                    "vCPUs (" + claimedVcpus + " of " + pcpus * vcpuOvercommit + " claimed)");
        }
        List<String> busy = sbdfs(spec).stream().filter(claimedPci::contains).toList();
        if (!busy.isEmpty()) {
            return Optional.of("PCI " + String.join(",", busy) + " (claimed by another domain)");
        }
        return Optional.empty();
    }

    static List<String> sbdfs(GuestSpec spec) {
        return spec.pciFunctions().stream().map(GuestSpec.PciFunction::sbdf).toList();
    }

    private static String gib(long kib) {
        return String.format("%.1f GiB", kib / 1048576.0);
    }
}
