package io.slipway.devicetree.schema;

import io.slipway.devicetree.Node;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What cross-field rules need to know about {@code /domain}, read once. A field is null when the
 * property is missing or invalid (its own rule reports that), so dependent rules are skipped rather
 * than reported twice.
 *
 * @param arch {@code x86_64} or {@code arm64}, or null
 * @param guestType {@code pvh}, {@code hvm} or {@code pv}, or null
 * @param cpus the vCPU count, or null
 * @param pciPresent whether any {@code slipway,pci} device node exists anywhere in the tree
 */
record DomainFacts(String arch, String guestType, Long cpus, boolean pciPresent) {
    static DomainFacts of(Node domain, boolean pciPresent) {
        String arch =
                Values.string(domain, "slipway,arch")
                        .filter(a -> a.equals("x86_64") || a.equals("arm64"))
                        .orElse(null);
        String type =
                Values.string(domain, "slipway,guest-type")
                        .filter(t -> List.of("pvh", "hvm", "pv").contains(t))
                        .orElse(null);
        Long cpus = Values.u32(domain, "cpus").orElse(null);
        return new DomainFacts(arch, type, cpus, pciPresent);
    }

    boolean isX86() {
        return "x86_64".equals(arch);
    }

    boolean isArm() {
        return "arm64".equals(arch);
    }

    /**
     * True when any node in the subtree has a {@code slipway,pci} compatible. Iterative, so that no
     * tree depth can overflow the stack.
     */
    static boolean anyPci(Node node) {
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(node);
        while (!pending.isEmpty()) {
            Node next = pending.pop();
            if (Values.compatibleContains(next, "slipway,pci")) {
                return true;
            }
            next.children().forEach(pending::push);
        }
        return false;
    }
}
