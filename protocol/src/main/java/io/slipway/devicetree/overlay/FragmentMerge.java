package io.slipway.devicetree.overlay;

/**
 * The fourth step of {@code fdt_overlay_apply}: the contents of each fragment's {@code __overlay__}
 * node are merged into the fragment's target. The blob order libfdt produces is kept: see {@link
 * BaseEdits} for where new properties and nodes go (new siblings end up in reverse order).
 */
final class FragmentMerge {
    private final BaseEdits edits;

    private FragmentMerge(BaseEdits edits) {
        this.edits = edits;
    }

    static void apply(FlatBlob base, FlatNode overlay) throws Refusal {
        FragmentMerge merge = new FragmentMerge(new BaseEdits(base));
        for (FlatNode fragment : overlay.children) {
            FlatNode contents = fragment.subnode("__overlay__");
            if (contents == null) {
                continue;
            }
            Lookup.Target target = Lookup.target(base.root, fragment);
            merge.mergeInto(target.node(), contents);
        }
    }

    private void mergeInto(FlatNode target, FlatNode contents) {
        for (FlatProperty property : contents.properties) {
            edits.setProperty(target, property.name, property.value.clone());
        }
        for (FlatNode child : contents.children) {
            FlatNode existing = target.subnode(child.name);
            if (existing == null) {
                existing = edits.addSubnode(target, child.name);
            }
            mergeInto(existing, child);
        }
    }
}
