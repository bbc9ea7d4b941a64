package io.slipway.devicetree.schema;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Diagnostic;
import java.util.List;

/**
 * Checks a parsed device tree against the guest description schema v1 ({@code GUEST-SCHEMA.md}).
 *
 * <p>Guarantees: every problem is reported, not just the first; each diagnostic names the node path
 * and, when about a property, the property, and carries the source position of that property (or of
 * the node) when the tree came from DTS. Problems with the same node and property are merged into
 * one diagnostic, reasons separated by {@code "; "}. The same tree always gives the same
 * diagnostics in the same order. Never throws for any tree; pure and thread-safe.
 *
 * <p>Not checked here because they depend on the host chosen at placement: {@code cpus} against the
 * host's pCPUs, hard-affinity pCPUs existing on the host, and {@code slipway,arch} matching the
 * host.
 */
public final class GuestSchemaValidator {
    private GuestSchemaValidator() {}

    /** All schema problems of {@code tree}; empty when it is a valid guest description. */
    public static List<Diagnostic> validate(DeviceTree tree) {
        Findings findings = new Findings();
        StructureRules.check(tree, findings);
        RootRules.check(tree.root(), findings);
        return findings.diagnostics();
    }
}
