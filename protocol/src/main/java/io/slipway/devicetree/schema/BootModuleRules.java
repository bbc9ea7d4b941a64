package io.slipway.devicetree.schema;

import static io.slipway.devicetree.schema.PropertyRule.optional;
import static io.slipway.devicetree.schema.PropertyRule.required;

import io.slipway.devicetree.Node;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rules of multiboot modules: at most one of each kind, a kernel for PV and PVH guests, device
 * trees only on arm64, artifacts named by digest, boot arguments only on the kernel.
 */
final class BootModuleRules {
    /** The module kinds, by their distinguishing {@code compatible} entry. */
    enum Kind {
        KERNEL("multiboot,kernel"),
        RAMDISK("multiboot,ramdisk"),
        DEVICE_TREE("multiboot,device-tree");

        final String compatible;

        Kind(String compatible) {
            this.compatible = compatible;
        }
    }

    static final Pattern ARTIFACT = Pattern.compile("sha256:[0-9a-fA-F]{64}");

    private static final NodeRules PROPERTIES =
            new NodeRules(
                    required("compatible", ValueCheck.containsEntry("multiboot,module")),
                    required(
                            "slipway,artifact",
                            ValueCheck.matches(ARTIFACT, v -> "not sha256:<64 hex digits>")),
                    optional("bootargs"));

    private final DomainFacts facts;
    private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);

    BootModuleRules(DomainFacts facts) {
        this.facts = facts;
    }

    static Optional<Kind> kindOf(Node node) {
        for (Kind kind : Kind.values()) {
            if (Values.compatibleContains(node, kind.compatible)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    void check(String path, Node module, Findings findings) {
        Kind kind = kindOf(module).orElseThrow();
        if (counts.merge(kind, 1, Integer::sum) > 1) {
            findings.node(path, module, "more than one " + kind.compatible + " module");
        }
        PROPERTIES.check(path, module, findings);
        if (kind != Kind.KERNEL) {
            module.property("bootargs")
                    .ifPresent(
                            p ->
                                    findings.property(
                                            path,
                                            module,
                                            p,
                                            "only allowed on the multiboot,kernel module"));
        }
        if (kind == Kind.DEVICE_TREE && facts.isX86()) {
            findings.node(path, module, "multiboot,device-tree modules are arm64-only");
        }
    }

    /** PV and PVH guests boot a kernel Slipway loads; HVM guests boot from their disks. */
    void checkRequired(String path, Node domain, Findings findings) {
        String type = facts.guestType();
        if (type != null && !type.equals("hvm") && !counts.containsKey(Kind.KERNEL)) {
            findings.node(
                    path, domain, "guest-type " + type + " requires a multiboot,kernel module");
        }
    }
}
