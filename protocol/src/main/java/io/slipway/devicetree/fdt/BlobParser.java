package io.slipway.devicetree.fdt;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One bounded walk over a blob's structure block; see {@link FdtReader} for the rules. */
final class BlobParser {
    /** A rule violation at a byte offset; turned into a diagnostic by {@link FdtReader}. */
    static final class Violation extends Exception {
        final long offset;

        Violation(long offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    /** A node whose END_NODE has not been seen yet. */
    private static final class OpenNode {
        final String name;
        final List<Property> properties = new ArrayList<>();
        final List<Node> children = new ArrayList<>();
        final Set<String> propertyNames = new HashSet<>();
        final Set<String> childNames = new HashSet<>();

        OpenNode(String name) {
            this.name = name;
        }
    }

    private final byte[] blob;
    private final FdtReader.Limits limits;
    private BlobHeader header;
    private final Deque<OpenNode> open = new ArrayDeque<>();
    private Node root;
    private int nodes;
    private int properties;

    BlobParser(byte[] blob, FdtReader.Limits limits) {
        this.blob = blob;
        this.limits = limits;
    }

    DeviceTree parse() throws Violation {
        header = BlobHeader.parse(blob, limits);
        long end = header.structOffset() + header.structSize();
        long at = header.structOffset();
        while (true) {
            if (at + 4 > end) {
                throw new Violation(at, "structure block ends without FDT_END");
            }
            long token = u32(blob, at);
            long tokenAt = at;
            at += 4;
            if (token == FdtFormat.BEGIN_NODE) {
                at = beginNode(tokenAt, at, end);
            } else if (token == FdtFormat.PROP) {
                at = property(tokenAt, at, end);
            } else if (token == FdtFormat.END_NODE) {
                endNode(tokenAt);
            } else if (token == FdtFormat.END) {
                if (root == null) {
                    throw new Violation(tokenAt, "FDT_END before the root node was closed");
                }
                if (at != end) {
                    throw new Violation(at, "data after FDT_END in the structure block");
                }
                return new DeviceTree(header.reservations(), header.bootCpuId(), root);
            } else if (token != FdtFormat.NOP) {
                throw new Violation(tokenAt, "unknown token 0x" + Long.toHexString(token));
            }
        }
    }

    private long beginNode(long tokenAt, long at, long end) throws Violation {
        if (root != null) {
            throw new Violation(tokenAt, "a second root node");
        }
        int nameLimit = 2 * limits.maxNameLength() + 1;
        int length = nulTerminated(at, end, nameLimit + 1);
        if (length < 0) {
            throw new Violation(at, "node name not NUL-terminated within " + nameLimit + " bytes");
        }
        String name = new String(blob, (int) at, length, StandardCharsets.ISO_8859_1);
        if (open.isEmpty()) {
            if (!name.isEmpty()) {
                throw new Violation(at, "root node name must be empty, is \"" + name + "\"");
            }
        } else {
            String problem = Names.nodeNameProblem(name, limits.maxNameLength());
            if (problem != null) {
                throw new Violation(at, problem);
            }
            OpenNode parent = open.peek();
            if (!parent.childNames.add(name)) {
                throw new Violation(at, "duplicate sibling node name \"" + name + "\"");
            }
        }
        if (open.size() > limits.maxDepth()) {
            throw new Violation(tokenAt, "nodes nested deeper than " + limits.maxDepth());
        }
        if (++nodes > limits.maxNodes()) {
            throw new Violation(tokenAt, "more than " + limits.maxNodes() + " nodes");
        }
        open.push(new OpenNode(name));
        return FdtFormat.align(at + length + 1, 4);
    }

    private long property(long tokenAt, long at, long end) throws Violation {
        OpenNode node = open.peek();
        if (node == null) {
            throw new Violation(tokenAt, "property outside any node");
        }
        if (!node.children.isEmpty()) {
            throw new Violation(tokenAt, "property after a subnode");
        }
        if (++properties > limits.maxProperties()) {
            throw new Violation(tokenAt, "more than " + limits.maxProperties() + " properties");
        }
        if (at + 8 > end) {
            throw new Violation(tokenAt, "property header runs past the structure block");
        }
        long length = u32(blob, at);
        long nameOffset = u32(blob, at + 4);
        long valueAt = at + 8;
        if (length > end - valueAt) {
            throw new Violation(
                    at,
                    "property length "
                            + length
                            + " runs past the structure block ("
                            + (end - valueAt)
                            + " bytes left)");
        }
        String name = propertyName(at + 4, nameOffset);
        if (!node.propertyNames.add(name)) {
            throw new Violation(tokenAt, "duplicate property \"" + name + "\"");
        }
        byte[] value = Arrays.copyOfRange(blob, (int) valueAt, (int) (valueAt + length));
        node.properties.add(new Property(name, value));
        return FdtFormat.align(valueAt + length, 4);
    }

    private String propertyName(long fieldAt, long nameOffset) throws Violation {
        if (nameOffset >= header.stringsSize()) {
            throw new Violation(
                    fieldAt,
                    "name offset "
                            + nameOffset
                            + " outside the "
                            + header.stringsSize()
                            + "-byte strings block");
        }
        long start = header.stringsOffset() + nameOffset;
        long end = header.stringsOffset() + header.stringsSize();
        int length = nulTerminated(start, end, limits.maxNameLength() + 1);
        if (length < 0) {
            throw new Violation(
                    start,
                    "property name not NUL-terminated within "
                            + limits.maxNameLength()
                            + " characters inside the strings block");
        }
        String name = new String(blob, (int) start, length, StandardCharsets.ISO_8859_1);
        String problem = Names.propertyNameProblem(name, limits.maxNameLength());
        if (problem != null) {
            throw new Violation(start, problem);
        }
        return name;
    }

    private void endNode(long tokenAt) throws Violation {
        OpenNode done = open.poll();
        if (done == null) {
            throw new Violation(tokenAt, "FDT_END_NODE without an open node");
        }
        Node node = new Node(done.name, done.properties, done.children);
        if (open.isEmpty()) {
            root = node;
        } else {
            open.peek().children.add(node);
        }
    }

    /** The length of the NUL-terminated string at {@code at}, or -1 if no NUL within bounds. */
    private int nulTerminated(long at, long end, int maxBytes) {
        long stop = Math.min(end, at + maxBytes);
        for (long i = at; i < stop; i++) {
            if (blob[(int) i] == 0) {
                return (int) (i - at);
            }
        }
        return -1;
    }

    static long u32(byte[] b, long at) {
        int i = (int) at;
        return ((b[i] & 0xffL) << 24)
                | ((b[i + 1] & 0xffL) << 16)
                | ((b[i + 2] & 0xffL) << 8)
                | (b[i + 3] & 0xffL);
    }

    static long u64(byte[] b, long at) {
        return (u32(b, at) << 32) | u32(b, at + 4);
    }
}
