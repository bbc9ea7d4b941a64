package io.slipway.devicetree.overlay;

/**
 * The first two steps of {@code fdt_overlay_apply}, done on the overlay alone: every phandle of the
 * overlay is raised by the base's largest phandle, and every reference the overlay makes to its own
 * nodes (listed under {@code /__local_fixups__}) is raised by the same amount.
 */
final class LocalFixups {
    private static final long MAX_U32 = 0xffffffffL;

    private LocalFixups() {}

    static void apply(FlatNode overlay, long delta) throws Refusal {
        shiftPhandles(overlay, delta);
        FlatNode fixups = Lookup.path(overlay, "/__local_fixups__");
        if (fixups != null) {
            shiftReferences(overlay, fixups, delta);
        }
    }

    private static void shiftPhandles(FlatNode node, long delta) throws Refusal {
        for (String name : new String[] {"phandle", "linux,phandle"}) {
            FlatProperty property = node.property(name);
            if (property == null) {
                continue;
            }
            if (property.value.length != 4) {
                throw Refusal.at(
                        node,
                        property,
                        "a phandle must be 4 bytes, is " + property.value.length,
                        "FDT_ERR_BADPHANDLE");
            }
            long shifted = property.u32() + delta;
            if (shifted >= MAX_U32) {
                throw Refusal.at(
                        node,
                        property,
                        "phandle 0x"
                                + Long.toHexString(property.u32())
                                + " plus the base's largest phandle 0x"
                                + Long.toHexString(delta)
                                + " leaves the phandle range",
                        "FDT_ERR_NOPHANDLES");
            }
            property.putU32At(0, shifted);
        }
        for (FlatNode child : node.children) {
            shiftPhandles(child, delta);
        }
    }

    private static void shiftReferences(FlatNode tree, FlatNode fixups, long delta) throws Refusal {
        for (FlatProperty fixup : fixups.properties) {
            if (fixup.value.length % 4 != 0) {
                throw Refusal.at(
                        fixups,
                        fixup,
                        "a local fixup must be a list of u32 offsets, is "
                                + fixup.value.length
                                + " bytes",
                        "FDT_ERR_BADOVERLAY");
            }
            FlatProperty target = tree.property(fixup.name);
            if (target == null) {
                throw Refusal.at(
                        fixups,
                        fixup,
                        "local fixup names property \""
                                + fixup.name
                                + "\" that "
                                + tree.path()
                                + " does not have",
                        "FDT_ERR_BADOVERLAY");
            }
            for (int i = 0; i < fixup.value.length; i += 4) {
                long at = fixup.u32At(i);
                if (at + 4 > target.value.length) {
                    throw Refusal.at(
                            fixups,
                            fixup,
                            "local fixup offset "
                                    + at
                                    + " lies outside the "
                                    + target.value.length
                                    + "-byte property "
                                    + tree.path()
                                    + " "
                                    + target.name,
                            "FDT_ERR_BADOVERLAY");
                }
                target.putU32At((int) at, (target.u32At((int) at) + delta) & MAX_U32);
            }
        }
        for (FlatNode child : fixups.children) {
            FlatNode treeChild = tree.subnode(child.name);
            if (treeChild == null) {
                throw Refusal.at(
                        child,
                        null,
                        "local fixups name node "
                                + child.name
                                + " that "
                                + tree.path()
                                + " does not have",
                        "FDT_ERR_BADOVERLAY");
            }
            shiftReferences(treeChild, child, delta);
        }
    }
}
