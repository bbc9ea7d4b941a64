package io.slipway.devicetree.schema;

import static io.slipway.devicetree.schema.PropertyRule.optional;
import static io.slipway.devicetree.schema.PropertyRule.required;

import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.util.Optional;
import java.util.regex.Pattern;

/** Rules of {@code /domain}: its property table and the rules that relate its properties. */
final class DomainRules {
    static final long MIN_MEMORY_KIB = 32768;

    /**
     * Not in the schema table: a sanity bound far above any host, so that the vCPU count fits every
     * consumer; the real bound (host pCPUs) is checked at placement.
     */
    static final long MAX_CPUS = 4096;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]*");
    private static final long MAX_I31 = (1L << 31) - 1;

    private static final NodeRules PROPERTIES =
            new NodeRules(
                    required("compatible", ValueCheck.containsEntry("xen,domain")),
                    required("domain-uuid"),
                    required("slipway,name", DomainRules::nameProblem),
                    required("slipway,arch", ValueCheck.oneOf("x86_64", "arm64")),
                    required("slipway,guest-type", ValueCheck.oneOf("pvh", "hvm", "pv")),
                    required("memory", DomainRules::memoryProblem),
                    optional("slipway,max-memory"),
                    required(
                            "cpus",
                            ValueCheck.u32(
                                    v ->
                                            v < 1
                                                    ? "must be at least 1"
                                                    : v > MAX_CPUS
                                                            ? v
                                                                    + " exceeds the limit of "
                                                                    + MAX_CPUS
                                                            : null)),
                    optional(
                            "capabilities",
                            ValueCheck.u32(v -> v == 0 ? null : "must be 0 for tenant guests")),
                    optional("passthrough", ValueCheck.oneOf("enabled", "disabled")),
                    optional("max_grant_frames", ValueCheck.u32Range(1, MAX_I31)),
                    optional("max_maptrack_frames", ValueCheck.u32Range(1, MAX_I31)),
                    optional("max_grant_version", ValueCheck.u32OneOf(1, 2)),
                    optional(
                            "xen,enhanced", ValueCheck.oneOf("enabled", "no-xenstore", "disabled")),
                    optional("vpl011"),
                    optional("slipway,cpupool", ValueCheck.nonEmpty()));

    private DomainRules() {}

    static void check(String path, Node domain, DomainFacts facts, Findings findings) {
        PROPERTIES.check(path, domain, findings);
        checkArchitecture(path, domain, facts, findings);
        checkMemory(path, domain, facts, findings);
        domain.property("passthrough")
                .filter(p -> Values.string(p).orElse("").equals("disabled") && facts.pciPresent())
                .ifPresent(
                        p ->
                                findings.property(
                                        path,
                                        domain,
                                        p,
                                        "\"disabled\" but slipway,pci devices are present"));
        DomainChildren.check(path, domain, facts, findings);
    }

    private static String nameProblem(Property p) {
        String name = Values.string(p).orElseThrow();
        if (name.isEmpty()) {
            return "must not be empty";
        }
        if (!NAME.matcher(name).matches()) {
            return "characters outside [A-Za-z0-9._-]";
        }
        return name.length() > 63 ? "longer than 63 characters" : null;
    }

    private static String memoryProblem(Property p) {
        long kib = p.u64().orElseThrow();
        if (Long.compareUnsigned(kib, MIN_MEMORY_KIB) < 0) {
            return kib + " KiB is below the minimum of " + MIN_MEMORY_KIB + " KiB";
        }
        return kib % 4 == 0 ? null : "not a multiple of 4 KiB";
    }

    private static void checkArchitecture(
            String path, Node domain, DomainFacts facts, Findings findings) {
        if (facts.isX86()) {
            for (String armOnly : new String[] {"xen,enhanced", "vpl011"}) {
                domain.property(armOnly)
                        .ifPresent(
                                p ->
                                        findings.propertyAlso(
                                                path,
                                                domain,
                                                p,
                                                "arm64-only, but slipway,arch is x86_64",
                                                "also arm64-only"));
            }
        }
        if (facts.isArm() && facts.guestType() != null && !facts.guestType().equals("pvh")) {
            Property type = domain.property("slipway,guest-type").orElseThrow();
            findings.property(path, domain, type, "\"" + facts.guestType() + "\" is x86_64-only");
        }
    }

    /** {@code max-memory >= memory}; more than memory means populate-on-demand, not with PCI. */
    private static void checkMemory(
            String path, Node domain, DomainFacts facts, Findings findings) {
        Optional<Property> maxProperty = domain.property("slipway,max-memory");
        Optional<Long> max = Values.lenientNumber(domain, "slipway,max-memory");
        Optional<Long> memory = Values.lenientNumber(domain, "memory");
        if (maxProperty.isEmpty() || max.isEmpty() || memory.isEmpty()) {
            return;
        }
        int order = Long.compareUnsigned(max.get(), memory.get());
        if (order < 0) {
            findings.property(path, domain, maxProperty.get(), "smaller than memory");
        } else if (order > 0 && facts.pciPresent()) {
            findings.property(
                    path,
                    domain,
                    maxProperty.get(),
                    "larger than memory (populate-on-demand) together with PCI passthrough");
        }
    }
}
