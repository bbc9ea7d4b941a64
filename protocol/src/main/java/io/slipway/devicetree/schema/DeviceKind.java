package io.slipway.devicetree.schema;

import static io.slipway.devicetree.schema.PropertyRule.optional;
import static io.slipway.devicetree.schema.PropertyRule.required;

import io.slipway.devicetree.Node;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The three device kinds: the container node they live in, their node name, their {@code
 * compatible}, their property table and the property whose value must be unique among them.
 */
enum DeviceKind {
    PCI(
            "pci",
            "dev",
            "slipway,pci",
            "slipway,sbdf",
            new NodeRules(
                    required("compatible"),
                    required("reg"),
                    required(
                            "slipway,sbdf",
                            ValueCheck.matches(
                                    Patterns.SBDF,
                                    v -> "\"" + v + "\" does not match SSSS:BB:DD.F")),
                    optional(
                            "slipway,vslot",
                            ValueCheck.u32(v -> v < 32 ? null : v + " not below 32")),
                    optional("slipway,permissive"),
                    optional("slipway,reset", ValueCheck.oneOf("flr", "bus", "none-unsafe")),
                    optional("slipway,reset-timeout-ms", ValueCheck.u32Range(1, (1L << 31) - 1)))),
    VBD(
            "disks",
            "vbd",
            "slipway,vbd",
            "slipway,vdev",
            new NodeRules(
                    required("compatible"),
                    required("reg"),
                    required(
                            "slipway,vdev",
                            ValueCheck.matches(
                                    Patterns.VDEV,
                                    v -> "\"" + v + "\" is not a virtual disk name like xvda")),
                    required("slipway,volume", ValueCheck.nonEmpty()),
                    required("slipway,mode", ValueCheck.oneOf("rw", "ro")),
                    optional("slipway,bootable"))),
    VIF(
            "nics",
            "vif",
            "slipway,vif",
            null,
            new NodeRules(
                    required("compatible"),
                    required("reg"),
                    required("slipway,network", ValueCheck.nonEmpty()),
                    optional(
                            "local-mac-address",
                            p ->
                                    (p.value()[0] & 1) == 0
                                            ? null
                                            : "multicast address, expected a unicast MAC"),
                    optional("slipway,mtu", ValueCheck.u32Range(68, 65535))));

    /** Value patterns, held apart because enum constants cannot see static fields of the enum. */
    static final class Patterns {
        static final Pattern SBDF = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\\.[0-7]");
        static final Pattern VDEV = Pattern.compile("[a-z][a-z0-9]{0,15}");

        private Patterns() {}
    }

    private final String container;
    private final String nodeName;
    private final String compatible;
    private final String uniqueProperty;
    private final NodeRules rules;

    DeviceKind(
            String container,
            String nodeName,
            String compatible,
            String uniqueProperty,
            NodeRules rules) {
        this.container = container;
        this.nodeName = nodeName;
        this.compatible = compatible;
        this.uniqueProperty = uniqueProperty;
        this.rules = rules;
    }

    static Optional<DeviceKind> byContainer(String name) {
        return Arrays.stream(values()).filter(k -> k.container.equals(name)).findFirst();
    }

    static Optional<DeviceKind> byCompatible(Node node) {
        return Arrays.stream(values())
                .filter(k -> Values.compatibleContains(node, k.compatible))
                .findFirst();
    }

    String container() {
        return container;
    }

    String nodeName() {
        return nodeName;
    }

    String compatible() {
        return compatible;
    }

    /** The property whose value no two devices of this kind may share, or null. */
    String uniqueProperty() {
        return uniqueProperty;
    }

    NodeRules rules() {
        return rules;
    }
}
