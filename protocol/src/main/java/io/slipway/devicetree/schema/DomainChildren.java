package io.slipway.devicetree.schema;

import io.slipway.devicetree.Node;

/**
 * Sorts the children of {@code /domain} into vCPUs, boot modules, device containers, vendor nodes
 * and unknown nodes, and hands each to its rules.
 */
final class DomainChildren {
    private DomainChildren() {}

    static void check(String path, Node domain, DomainFacts facts, Findings findings) {
        VcpuRules vcpus = new VcpuRules(facts);
        BootModuleRules modules = new BootModuleRules(facts);
        for (Node child : domain.children()) {
            String childPath = Node.childPath(path, child.name());
            DeviceKind container = DeviceKind.byContainer(child.name()).orElse(null);
            DeviceKind device = DeviceKind.byCompatible(child).orElse(null);
            if (container != null) {
                DeviceRules.checkContainer(childPath, child, container, findings);
            } else if (Values.compatibleContains(child, "xen,vcpu")) {
                vcpus.check(childPath, child, findings);
            } else if (BootModuleRules.kindOf(child).isPresent()) {
                modules.check(childPath, child, findings);
            } else if (device != null) {
                findings.node(
                        childPath,
                        child,
                        device.compatible() + " device outside " + path + "/" + device.container());
            } else if (!RootRules.isVendorNode(child)) {
                findings.node(childPath, child, "unknown node");
            }
        }
        modules.checkRequired(path, domain, findings);
    }
}
