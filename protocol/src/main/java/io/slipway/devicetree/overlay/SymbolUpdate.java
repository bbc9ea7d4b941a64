package io.slipway.devicetree.overlay;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The last step of {@code fdt_overlay_apply}: each label the overlay defines inside an {@code
 * __overlay__} node becomes a symbol of the base, its path rewritten from {@code
 * /FRAGMENT/__overlay__/REST} to the target's path followed by {@code /REST}. The target's path is
 * the {@code target-path} string as written (an alias stays an alias) or, for a phandle target, the
 * node's full path. A symbol outside any {@code __overlay__} is skipped.
 */
final class SymbolUpdate {
    private static final String OVERLAY_DIR = "/__overlay__/";

    private SymbolUpdate() {}

    static void apply(FlatBlob base, FlatNode overlay) throws Refusal {
        FlatNode overlaySymbols = overlay.subnode("__symbols__");
        if (overlaySymbols == null) {
            return;
        }
        BaseEdits edits = new BaseEdits(base);
        FlatNode symbols = base.root.subnode("__symbols__");
        if (symbols == null) {
            symbols = edits.addSubnode(base.root, "__symbols__");
        }
        Map<FlatNode, Lookup.Target> targets = new HashMap<>();
        for (FlatProperty symbol : overlaySymbols.properties) {
            String value = symbolPath(overlaySymbols, symbol);
            int slash = value.indexOf('/', 1);
            if (slash < 0) {
                continue;
            }
            String relative;
            if (value.startsWith(OVERLAY_DIR, slash)) {
                relative = value.substring(slash + OVERLAY_DIR.length());
            } else if (value.length() - slash == OVERLAY_DIR.length() - 1
                    && value.startsWith("/__overlay__", slash)) {
                relative = "";
            } else {
                continue;
            }
            String fragmentName = value.substring(1, slash);
            FlatNode fragment = overlay.subnode(fragmentName);
            if (fragment == null || fragment.subnode("__overlay__") == null) {
                throw Refusal.at(
                        overlaySymbols,
                        symbol,
                        "symbol points into \"/"
                                + Lookup.printable(fragmentName)
                                + "/__overlay__\", which the overlay does not have",
                        "FDT_ERR_BADOVERLAY");
            }
            // Only a symbol named like a phandle property can change what a target resolves to.
            Lookup.Target target = targets.get(fragment);
            if (target == null) {
                target = Lookup.target(base.root, fragment);
                targets.put(fragment, target);
            }
            if (target.targetPath() == null
                    && (symbol.name.equals("phandle") || symbol.name.equals("linux,phandle"))) {
                // libfdt would look the target up again while the base's __symbols__ node holds
                // this property half-written, so the outcome depends on uninitialised memory.
                throw Refusal.at(
                        overlaySymbols,
                        symbol,
                        "a symbol may not be named like a phandle property",
                        null);
            }
            String prefix =
                    target.targetPath() != null ? target.targetPath() : target.node().path();
            String rewritten = (prefix.length() > 1 ? prefix : "") + "/" + relative;
            edits.setProperty(symbols, symbol.name, cString(rewritten));
            if (symbol.name.equals("phandle") || symbol.name.equals("linux,phandle")) {
                targets.clear();
            }
        }
    }

    /** The symbol's value as libfdt requires it: one NUL, at the end, after a '/'-led path. */
    private static String symbolPath(FlatNode symbols, FlatProperty symbol) throws Refusal {
        byte[] value = symbol.value;
        String path = symbol.cString();
        if (path == null || path.length() != value.length - 1 || !path.startsWith("/")) {
            throw Refusal.at(
                    symbols,
                    symbol,
                    "a symbol must be one absolute path string",
                    "FDT_ERR_BADVALUE");
        }
        return path;
    }

    private static byte[] cString(String s) {
        byte[] bytes = new byte[s.length() + 1];
        System.arraycopy(s.getBytes(StandardCharsets.ISO_8859_1), 0, bytes, 0, s.length());
        return bytes;
    }
}
