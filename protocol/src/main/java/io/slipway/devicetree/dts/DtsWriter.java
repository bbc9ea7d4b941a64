package io.slipway.devicetree.dts;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import io.slipway.devicetree.ReserveEntry;

/**
 * Decompiles a tree into DTS text laid out like {@code dtc -O dts} (tabs, one property per line, a
 * blank line before each subnode). A value that reads as text (NUL-terminated printable strings) is
 * printed as strings, one whose length is a multiple of 4 as {@code <0x...>} cells, anything else
 * as {@code [..]} bytes. Guarantee: for a tree whose names are valid DTS names, {@code
 * FdtWriter.write(DtsCompiler.compile(DtsWriter.write(t)))} equals {@code FdtWriter.write(t)}, with
 * two exceptions inherent to DTS: {@code boot_cpuid_phys} cannot be written in source (it is noted
 * in a comment and compiles to dtc's guess from {@code /cpus}, or to {@link DtsOptions#bootCpuId}),
 * and a {@code name} property equal to its node's base name is dropped by the compiler, as by dtc.
 * The text is at most about four characters per byte of value plus a line per node, property and
 * reservation (each indented by at most its depth), so for a blob within {@link
 * io.slipway.devicetree.fdt.FdtReader}'s limits it is linear in the blob size. Pure and
 * thread-safe.
 */
public final class DtsWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private DtsWriter() {}

    public static String write(DeviceTree tree) {
        StringBuilder out = new StringBuilder("/dts-v1/;\n");
        if (tree.bootCpuId() != 0) {
            out.append("// boot_cpuid_phys = 0x")
                    .append(Long.toHexString(tree.bootCpuId()))
                    .append(" (not expressible in DTS; use dtc -b)\n");
        }
        out.append('\n');
        for (ReserveEntry r : tree.memoryReservations()) {
            out.append("/memreserve/ 0x")
                    .append(Long.toHexString(r.address()))
                    .append(" 0x")
                    .append(Long.toHexString(r.size()))
                    .append(";\n");
        }
        if (!tree.memoryReservations().isEmpty()) {
            out.append('\n');
        }
        writeNode(out, tree.root(), 0);
        return out.toString();
    }

    private static void writeNode(StringBuilder out, Node node, int depth) {
        indent(out, depth).append(node.name().isEmpty() ? "/" : node.name()).append(" {\n");
        for (Property p : node.properties()) {
            indent(out, depth + 1).append(p.name());
            byte[] v = p.value();
            if (v.length > 0) {
                out.append(" = ");
                value(out, v);
            }
            out.append(";\n");
        }
        for (Node child : node.children()) {
            out.append('\n');
            writeNode(out, child, depth + 1);
        }
        indent(out, depth).append("};\n");
    }

    private static void value(StringBuilder out, byte[] v) {
        if (isText(v)) {
            out.append('"');
            for (int i = 0; i < v.length - 1; i++) {
                int c = v[i] & 0xff;
                switch (c) {
                    case 0 -> out.append("\", \"");
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    default -> out.append((char) c);
                }
            }
            out.append('"');
        } else if (v.length % 4 == 0) {
            out.append('<');
            for (int i = 0; i < v.length; i += 4) {
                long cell =
                        ((v[i] & 0xffL) << 24)
                                | ((v[i + 1] & 0xffL) << 16)
                                | ((v[i + 2] & 0xffL) << 8)
                                | (v[i + 3] & 0xffL);
                out.append(i == 0 ? "" : " ").append("0x").append(Long.toHexString(cell));
            }
            out.append('>');
        } else {
            out.append('[');
            for (int i = 0; i < v.length; i++) {
                out.append(i == 0 ? "" : " ")
                        .append(HEX[(v[i] >> 4) & 0xf])
                        .append(HEX[v[i] & 0xf]);
            }
            out.append(']');
        }
    }

    /** NUL-terminated, no empty string, only printable ASCII, tab and newline. */
    private static boolean isText(byte[] v) {
        if (v.length == 0 || v[v.length - 1] != 0 || v[0] == 0) {
            return false;
        }
        for (int i = 0; i < v.length - 1; i++) {
            int c = v[i] & 0xff;
            if (c == 0) {
                if (v[i + 1] == 0) {
                    return false;
                }
            } else if ((c < 0x20 || c > 0x7e) && c != '\t' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    private static StringBuilder indent(StringBuilder out, int depth) {
        return out.append("\t".repeat(depth));
    }
}
