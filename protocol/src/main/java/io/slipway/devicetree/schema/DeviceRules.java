package io.slipway.devicetree.schema;

import static io.slipway.devicetree.schema.PropertyRule.required;

import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.util.HashMap;
import java.util.Map;

/**
 * Rules of the device containers ({@code /domain/pci}, {@code /domain/disks}, {@code /domain/nics})
 * and their {@code dev@N} / {@code vbd@N} / {@code vif@N} children: one-cell addresses, {@code reg
 * = <N>} equal to the unit address, and unique identities.
 */
final class DeviceRules {
    private static final NodeRules CONTAINER =
            new NodeRules(
                    required(
                            "#address-cells",
                            ValueCheck.u32(v -> v == 1 ? null : "must be <1>, found <" + v + ">")),
                    required(
                            "#size-cells",
                            ValueCheck.u32(v -> v == 0 ? null : "must be <0>, found <" + v + ">")));

    private DeviceRules() {}

    static void checkContainer(String path, Node container, DeviceKind kind, Findings findings) {
        CONTAINER.check(path, container, findings);
        Map<String, String> firstByIdentity = new HashMap<>();
        for (Node child : container.children()) {
            String childPath = Node.childPath(path, child.name());
            DeviceKind actual = DeviceKind.byCompatible(child).orElse(null);
            if (actual == kind) {
                checkDevice(childPath, child, kind, findings);
                checkUnique(childPath, child, kind, firstByIdentity, findings);
            } else if (actual != null) {
                findings.node(childPath, child, actual.compatible() + " device under " + path);
            } else if (!RootRules.isVendorNode(child)) {
                findings.node(childPath, child, "unknown node");
            }
        }
    }

    private static void checkDevice(String path, Node device, DeviceKind kind, Findings findings) {
        kind.rules().check(path, device, findings);
        String expected = kind.nodeName() + "@N";
        if (!device.baseName().equals(kind.nodeName())) {
            findings.node(path, device, "node name must be " + expected);
        }
        int at = device.name().indexOf('@');
        if (at < 0) {
            findings.node(path, device, "unit address missing, expected " + expected);
            return;
        }
        String unit = device.name().substring(at + 1);
        Property reg = device.property("reg").orElse(null);
        if (reg != null && reg.u32().isPresent()) {
            String fromReg = Long.toHexString(reg.u32().get());
            if (!fromReg.equals(unit)) {
                findings.property(
                        path,
                        device,
                        reg,
                        "<" + reg.u32().get() + "> does not match unit address @" + unit);
            }
        }
    }

    private static void checkUnique(
            String path,
            Node device,
            DeviceKind kind,
            Map<String, String> firstByIdentity,
            Findings findings) {
        if (kind.uniqueProperty() == null) {
            return;
        }
        Property property = device.property(kind.uniqueProperty()).orElse(null);
        String value = property == null ? null : Values.string(property).orElse(null);
        if (value == null || findings.has(path, kind.uniqueProperty())) {
            return;
        }
        String first = firstByIdentity.putIfAbsent(value, path);
        if (first != null) {
            findings.property(path, device, property, "duplicate of " + first);
        }
    }
}
