package io.slipway.devicetree.overlay;

import java.util.HashMap;
import java.util.Map;

/**
 * The third step of {@code fdt_overlay_apply}: each property of the overlay's {@code /__fixups__}
 * is named after a label the overlay uses but does not define, and lists the places, as {@code
 * path:property:offset} strings, where the phandle of that label's node in the base goes. The base
 * finds the label through its {@code /__symbols__}.
 */
final class ExternalFixups {
    private final FlatNode base;
    private final FlatNode overlay;
    private final FlatNode symbols;

    /** Fixups only patch values, so a path resolves to the same overlay node every time. */
    private final Map<String, FlatNode> overlayPaths = new HashMap<>();

    private ExternalFixups(FlatNode base, FlatNode overlay) throws Refusal {
        this.base = base;
        this.overlay = overlay;
        this.symbols = Lookup.path(base, "/__symbols__");
    }

    static void apply(FlatNode base, FlatNode overlay) throws Refusal {
        FlatNode fixups = Lookup.path(overlay, "/__fixups__");
        if (fixups == null) {
            return;
        }
        ExternalFixups pass = new ExternalFixups(base, overlay);
        for (FlatProperty label : fixups.properties) {
            pass.fixLabel(fixups, label);
        }
    }

    private void fixLabel(FlatNode fixups, FlatProperty label) throws Refusal {
        byte[] value = label.value;
        long phandle = -1;
        int at = 0;
        do {
            int nul = indexOf(value, (byte) 0, at, value.length);
            if (nul < 0) {
                throw bad(fixups, label, at, "is not NUL-terminated");
            }
            String entry =
                    new String(value, at, nul - at, java.nio.charset.StandardCharsets.ISO_8859_1);
            int entryAt = at;
            at = nul + 1;
            int firstColon = entry.indexOf(':');
            if (firstColon < 0 || firstColon == entry.length() - 1) {
                throw bad(
                        fixups,
                        label,
                        entryAt,
                        "\"" + Lookup.printable(entry) + "\" is not path:property:offset");
            }
            int secondColon = entry.indexOf(':', firstColon + 1);
            if (secondColon < 0 || secondColon == firstColon + 1) {
                throw bad(
                        fixups,
                        label,
                        entryAt,
                        "\"" + Lookup.printable(entry) + "\" is not path:property:offset");
            }
            String path = entry.substring(0, firstColon);
            String property = entry.substring(firstColon + 1, secondColon);
            long offset = CNumbers.strtoulAsU32(entry.substring(secondColon + 1));
            if (offset < 0) {
                throw bad(
                        fixups,
                        label,
                        entryAt,
                        "\""
                                + Lookup.printable(entry)
                                + "\" has no decimal offset after the second ':'");
            }
            if (phandle < 0) {
                phandle = resolve(fixups, label);
            }
            patch(fixups, label, entry, path, property, offset, phandle);
        } while (at < value.length);
    }

    /** The phandle of the base node that {@code label} names through the base's symbols. */
    private long resolve(FlatNode fixups, FlatProperty label) throws Refusal {
        if (symbols == null) {
            throw Refusal.at(
                    fixups,
                    label,
                    "the overlay refers to label \""
                            + label.name
                            + "\" but the base has no /__symbols__ (compile it with dtc -@)",
                    "FDT_ERR_NOTFOUND");
        }
        FlatProperty symbol = symbols.property(label.name);
        if (symbol == null) {
            throw Refusal.at(
                    fixups,
                    label,
                    "label \"" + label.name + "\" is not in the base's /__symbols__",
                    "FDT_ERR_NOTFOUND");
        }
        String symbolPath = symbol.cString();
        if (symbolPath == null) {
            throw Refusal.at(
                    fixups,
                    label,
                    "the base's symbol \"" + label.name + "\" is not NUL-terminated",
                    null);
        }
        FlatNode node = Lookup.path(base, symbolPath);
        if (node == null) {
            throw Refusal.at(
                    fixups,
                    label,
                    "the base's symbol \""
                            + label.name
                            + "\" points at \""
                            + Lookup.printable(symbolPath)
                            + "\", which is not a node of the base",
                    "FDT_ERR_NOTFOUND");
        }
        long phandle = node.phandle();
        if (phandle == 0) {
            throw Refusal.at(
                    fixups,
                    label,
                    "the base node "
                            + node.path()
                            + " of label \""
                            + label.name
                            + "\" has no phandle",
                    "FDT_ERR_NOTFOUND");
        }
        return phandle;
    }

    private void patch(
            FlatNode fixups,
            FlatProperty label,
            String entry,
            String path,
            String propertyName,
            long offset,
            long phandle)
            throws Refusal {
        FlatNode node = overlayPaths.get(path);
        if (node == null) {
            node = Lookup.path(overlay, path);
            if (node == null) {
                throw Refusal.at(
                        fixups,
                        label,
                        "fixup \"" + Lookup.printable(entry) + "\" names no node of the overlay",
                        "FDT_ERR_BADOVERLAY");
            }
            overlayPaths.put(path, node);
        }
        FlatProperty property = node.property(propertyName);
        if (property == null) {
            throw Refusal.at(
                    fixups,
                    label,
                    "fixup \""
                            + Lookup.printable(entry)
                            + "\" names a property the overlay node does not have",
                    "FDT_ERR_NOTFOUND");
        }
        if (offset + 4 > property.value.length) {
            // libfdt answers FDT_ERR_NOSPACE, on which fdtoverlay retries with an ever larger
            // buffer; for offsets near 2^32 its bounds check wraps and it writes outside the value.
            throw Refusal.at(
                    fixups,
                    label,
                    "fixup \""
                            + Lookup.printable(entry)
                            + "\" writes 4 bytes at offset "
                            + offset
                            + " of a "
                            + property.value.length
                            + "-byte property",
                    "FDT_ERR_NOSPACE");
        }
        property.putU32At((int) offset, phandle);
    }

    private static Refusal bad(FlatNode fixups, FlatProperty label, int entryAt, String problem) {
        return Refusal.at(
                fixups,
                label,
                "fixup entry at byte " + entryAt + " of the value " + problem,
                "FDT_ERR_BADOVERLAY");
    }

    private static int indexOf(byte[] b, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
