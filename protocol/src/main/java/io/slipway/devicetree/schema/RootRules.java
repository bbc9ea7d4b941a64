package io.slipway.devicetree.schema;

import static io.slipway.devicetree.schema.PropertyRule.optional;
import static io.slipway.devicetree.schema.PropertyRule.required;

import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.util.List;

/** Rules of the root node: schema version, must-understand extensions, one {@code /domain}. */
final class RootRules {
    static final String SYMBOLS = "__symbols__";

    private static final NodeRules PROPERTIES =
            new NodeRules(
                    required(
                            "compatible",
                            p -> {
                                String first = p.strings().orElseThrow().get(0);
                                return first.equals(GuestSchema.ROOT_COMPATIBLE)
                                        ? null
                                        : "first entry \""
                                                + first
                                                + "\" is not \""
                                                + GuestSchema.ROOT_COMPATIBLE
                                                + "\"";
                            }),
                    optional("slipway,required-extensions"));

    private RootRules() {}

    static void check(Node root, Findings findings) {
        PROPERTIES.check("/", root, findings);
        boolean pciPresent = DomainFacts.anyPci(root);
        checkExtensions(root, pciPresent, findings);
        boolean domainSeen = false;
        for (Node child : root.children()) {
            String path = Node.childPath("/", child.name());
            if (child.name().equals("domain")) {
                domainSeen = true;
                DomainRules.check(path, child, DomainFacts.of(child, pciPresent), findings);
            } else if (child.name().equals(SYMBOLS)) {
                checkSymbols(path, child, findings);
            } else if (!isVendorNode(child)) {
                findings.node(path, child, "unknown node");
            }
        }
        if (!domainSeen) {
            findings.node("/", root, "required node /domain missing");
        }
    }

    /**
     * The label table {@code dtc -@} writes, which overlays resolve their references against (a
     * template keeps it): each property names a label and holds the path of its node, nothing else.
     */
    private static void checkSymbols(String path, Node symbols, Findings findings) {
        for (Property symbol : symbols.properties()) {
            String target = symbol.string().orElse(null);
            if (target == null || !target.startsWith("/")) {
                findings.property(path, symbols, symbol, "a symbol must be one path string");
            }
        }
        for (Node child : symbols.children()) {
            findings.node(Node.childPath(path, child.name()), child, "unknown node");
        }
    }

    private static void checkExtensions(Node root, boolean pciPresent, Findings findings) {
        String name = "slipway,required-extensions";
        Property listed = root.property(name).orElse(null);
        List<String> extensions = listed == null ? List.of() : listed.strings().orElse(List.of());
        for (String extension : extensions) {
            if (!GuestSchema.SUPPORTED_EXTENSIONS.contains(extension)) {
                findings.property(
                        "/", root, listed, "extension " + extension + " is not supported");
            }
        }
        if (pciPresent && !extensions.contains(GuestSchema.PCI_EXTENSION)) {
            String reason =
                    "slipway,pci devices are present but "
                            + GuestSchema.PCI_EXTENSION
                            + " is not listed";
            if (listed == null) {
                findings.missing("/", root, name, reason);
            } else {
                findings.property("/", root, listed, reason);
            }
        }
    }

    /**
     * A node passed through untouched: its name or its first {@code compatible} entry carries a
     * vendor prefix the schema does not own.
     */
    static boolean isVendorNode(Node node) {
        if (GuestSchema.isVendorPrefixed(node.baseName())) {
            return true;
        }
        return Values.strings(node, "compatible")
                .map(c -> GuestSchema.isVendorPrefixed(c.get(0)))
                .orElse(false);
    }
}
