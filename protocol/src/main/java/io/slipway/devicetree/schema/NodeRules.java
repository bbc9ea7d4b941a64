package io.slipway.devicetree.schema;

import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The property table of one node kind: checks each property's type and value, reports required ones
 * that are missing, passes vendor-prefixed ones through and rejects every other name.
 */
final class NodeRules {
    private final Map<String, PropertyRule> rules = new LinkedHashMap<>();

    NodeRules(PropertyRule... rules) {
        for (PropertyRule rule : rules) {
            this.rules.put(rule.name(), rule);
        }
    }

    void check(String path, Node node, Findings findings) {
        for (Property property : node.properties()) {
            PropertyRule rule = rules.get(property.name());
            if (rule != null) {
                checkValue(path, node, property, rule.type(), rule.check(), findings);
            } else if (property.name().equals("phandle")) {
                // dtc adds phandle to every node a reference points at: structural, not guest data.
                checkValue(path, node, property, PropertyType.U32, ValueCheck.NONE, findings);
            } else if (!GuestSchema.isVendorPrefixed(property.name())) {
                findings.property(path, node, property, unknownReason(property.name()));
            }
        }
        for (PropertyRule rule : rules.values()) {
            if (rule.required() && node.property(rule.name()).isEmpty()) {
                findings.missing(path, node, rule.name(), "required property missing");
            }
        }
    }

    private static void checkValue(
            String path,
            Node node,
            Property property,
            PropertyType type,
            ValueCheck check,
            Findings findings) {
        String problem = Values.typeProblem(property, type);
        if (problem == null) {
            problem = check.problem(property);
        }
        if (problem != null) {
            findings.property(path, node, property, problem);
        }
    }

    static String unknownReason(String name) {
        return name.indexOf(',') > 0
                ? "unknown property (prefix "
                        + name.substring(0, name.indexOf(',') + 1)
                        + " is interpreted, not passed through)"
                : "unknown property (not vendor-prefixed)";
    }
}
