package io.slipway.devicetree.overlay;

/**
 * libfdt's ways of finding a node: by path ({@code fdt_path_offset}, aliases included), by phandle
 * ({@code fdt_node_offset_by_phandle}) and a fragment's target ({@code overlay_get_target}).
 */
final class Lookup {
    /** How many aliases may lead to another alias; libfdt recurses without bound. */
    static final int MAX_ALIAS_DEPTH = 8;

    /** A fragment's target node, and its {@code target-path} if that is how it was named. */
    record Target(FlatNode node, String targetPath) {}

    private Lookup() {}

    /**
     * The node at {@code path} under {@code root}, or null if there is none. A path not starting
     * with '/' starts with an alias from {@code /aliases}; repeated slashes are skipped; each
     * component matches as {@link FlatNode#subnode} does.
     */
    static FlatNode path(FlatNode root, String path) throws Refusal {
        return path(root, path, 0);
    }

    private static FlatNode path(FlatNode root, String path, int aliasDepth) throws Refusal {
        FlatNode node = root;
        int p = 0;
        if (path.isEmpty() || path.charAt(0) != '/') {
            int slash = path.indexOf('/');
            int end = slash < 0 ? path.length() : slash;
            FlatNode aliases = path(root, "/aliases", aliasDepth);
            FlatProperty alias = aliases == null ? null : aliases.property(path.substring(0, end));
            if (alias == null) {
                return null;
            }
            String target = alias.cString();
            if (target == null) {
                throw Refusal.at(
                        aliases,
                        alias,
                        "alias value is not NUL-terminated (libfdt would read past it)",
                        null);
            }
            if (aliasDepth >= MAX_ALIAS_DEPTH) {
                throw Refusal.at(
                        aliases,
                        alias,
                        "aliases lead to aliases more than " + MAX_ALIAS_DEPTH + " times",
                        null);
            }
            node = path(root, target, aliasDepth + 1);
            if (node == null) {
                return null;
            }
            p = end;
        }
        while (p < path.length()) {
            while (path.charAt(p) == '/') {
                p++;
                if (p == path.length()) {
                    return node;
                }
            }
            int slash = path.indexOf('/', p);
            int end = slash < 0 ? path.length() : slash;
            node = node.subnode(path.substring(p, end));
            if (node == null) {
                return null;
            }
            p = end;
        }
        return node;
    }

    /** The first node in tree order whose phandle is {@code phandle}, or null. */
    static FlatNode byPhandle(FlatNode node, long phandle) {
        if (node.phandle() == phandle) {
            return node;
        }
        for (FlatNode child : node.children) {
            FlatNode found = byPhandle(child, phandle);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** libfdt's {@code fdt_find_max_phandle}: the largest phandle in the tree, 0 if none. */
    static long maxPhandle(FlatNode node) {
        long max = node.phandle();
        for (FlatNode child : node.children) {
            max = Math.max(max, maxPhandle(child));
        }
        return max;
    }

    /** The node in {@code base} that {@code fragment} targets, by phandle or by path. */
    static Target target(FlatNode base, FlatNode fragment) throws Refusal {
        FlatProperty target = fragment.property("target");
        long phandle = 0;
        if (target != null) {
            phandle = target.u32();
            if (phandle == -1 || phandle == 0xffffffffL) {
                throw Refusal.at(
                        fragment,
                        target,
                        "target must be one phandle cell other than 0xffffffff, is "
                                + target.value.length
                                + " bytes",
                        "FDT_ERR_BADPHANDLE");
            }
        }
        if (phandle != 0) {
            FlatNode node = byPhandle(base, phandle);
            if (node == null) {
                throw Refusal.at(
                        fragment,
                        target,
                        "no node in the base has phandle 0x" + Long.toHexString(phandle),
                        "FDT_ERR_NOTFOUND");
            }
            return new Target(node, null);
        }
        FlatProperty targetPath = fragment.property("target-path");
        if (targetPath == null) {
            throw Refusal.at(
                    fragment,
                    null,
                    "fragment has an __overlay__ but neither target nor target-path",
                    "FDT_ERR_BADOVERLAY");
        }
        String path = targetPath.cString();
        if (path == null) {
            throw Refusal.at(
                    fragment,
                    targetPath,
                    "target-path is not NUL-terminated (libfdt would read past it)",
                    null);
        }
        FlatNode node = path(base, path);
        if (node == null) {
            throw Refusal.at(
                    fragment,
                    targetPath,
                    "target-path \"" + printable(path) + "\" names no node in the base",
                    path.startsWith("/") ? "FDT_ERR_NOTFOUND" : "FDT_ERR_BADPATH");
        }
        return new Target(node, path);
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02x", (int) c));
            }
        }
        return s.length() > 200 ? sb + "..." : sb.toString();
    }
}
