package io.slipway.devicetree.schema;

import static io.slipway.devicetree.schema.PropertyRule.optional;
import static io.slipway.devicetree.schema.PropertyRule.required;

import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules of {@code xen,vcpu} nodes: unique ids below {@code cpus} and the hard-affinity syntax.
 * Whether the named pCPUs exist depends on the host and is checked at placement.
 */
final class VcpuRules {
    private static final Pattern RANGE = Pattern.compile("([0-9]{1,9})(?:-([0-9]{1,9}))?");

    private static final NodeRules PROPERTIES =
            new NodeRules(
                    required("compatible"),
                    required("id"),
                    optional("hard-affinity", VcpuRules::affinityProblem));

    private final DomainFacts facts;
    private final Set<Long> ids = new HashSet<>();

    VcpuRules(DomainFacts facts) {
        this.facts = facts;
    }

    void check(String path, Node vcpu, Findings findings) {
        PROPERTIES.check(path, vcpu, findings);
        Property idProperty = vcpu.property("id").orElse(null);
        if (idProperty == null || idProperty.u32().isEmpty()) {
            return;
        }
        long id = idProperty.u32().get();
        if (!ids.add(id)) {
            findings.property(path, vcpu, idProperty, "duplicate vCPU id " + id);
        } else if (facts.cpus() != null && id >= facts.cpus()) {
            findings.property(
                    path, vcpu, idProperty, "id " + id + " not below cpus (" + facts.cpus() + ")");
        }
    }

    /** {@code N} or {@code N-M} with {@code N <= M}, comma separated, no spaces. */
    static String affinityProblem(Property p) {
        String text = Values.string(p).orElseThrow();
        if (text.isEmpty()) {
            return "must not be empty";
        }
        for (String range : text.split(",", -1)) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches()) {
                return "malformed range \"" + range + "\"";
            }
            if (m.group(2) != null && Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
                return "descending range \"" + range + "\"";
            }
        }
        return null;
    }
}
