package io.slipway.devicetree.json;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import io.slipway.devicetree.ReserveEntry;
import io.slipway.devicetree.SourcePosition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a device tree (docs/guest-json.md): one object per node, keys are property and
 * child-node names in order, values typed by the guest schema where it knows the property.
 *
 * <p>Guarantees: {@link #write} accepts every tree and {@code read(write(t))} gives a tree with the
 * same names, order and value bytes, hence the same DTB. {@link #read} reports all value problems
 * at once with line and column; a syntax error stops reading (problems found before it are kept).
 * It does not apply the guest schema (see {@code GuestSchemaValidator}). Thread-safe.
 */
public final class GuestJson {
    /** JSON nesting allowed: far above the tree depth limit, low enough to bound recursion. */
    static final int MAX_NESTING = 64;

    /**
     * What the parser accepts, enforced as it reads (Jackson stops at the token that crosses a
     * bound): a document of at most 1 MiB (the API's limit) and 2^18 tokens, keys of at most 1024
     * characters, strings of at most 64 KiB, numbers of at most 64 digits (a u64 has 20). The
     * schema's own bounds (31-character names, 1024 nodes) are far lower; the headroom lets the
     * schema, not the parser, explain what is wrong with a description that is merely too big.
     */
    static final StreamReadConstraints CONSTRAINTS =
            StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxDocumentLength(1L << 20)
                    .maxTokenCount(1L << 18)
                    .maxNameLength(1024)
                    .maxStringLength(64 << 10)
                    .maxNumberLength(64)
                    .build();

    private static final JsonMapper MAPPER =
            JsonMapper.builder(
                            JsonFactory.builder()
                                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                                    .streamReadConstraints(CONSTRAINTS)
                                    .build())
                    .build();

    private GuestJson() {}

    /**
     * Parses a JSON description.
     *
     * @param fileName used in the positions of diagnostics
     * @throws DeviceTreeException with every problem found
     */
    public static DeviceTree read(byte[] json, String fileName) throws DeviceTreeException {
        List<Diagnostic> problems = new ArrayList<>();
        DeviceTree tree = null;
        try (JsonParser parser = MAPPER.createParser(json)) {
            tree = new JsonTreeReader(parser, fileName, problems).readDocument();
        } catch (JsonTreeReader.Stop e) {
            // The reason is the last problem.
        } catch (JacksonException e) {
            var location = e.getLocation();
            SourcePosition at =
                    location == null || location.getLineNr() < 1
                            ? new SourcePosition(fileName, 1, 1)
                            : new SourcePosition(
                                    fileName,
                                    location.getLineNr(),
                                    Math.max(1, location.getColumnNr()));
            problems.add(Diagnostic.atSource(at, "JSON syntax: " + firstLine(e)));
        }
        if (!problems.isEmpty() || tree == null) {
            throw new DeviceTreeException(problems);
        }
        return tree;
    }

    /** The JSON text of {@code tree}, pretty-printed, ending with a newline. */
    public static String write(DeviceTree tree) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (!tree.memoryReservations().isEmpty()) {
            ArrayNode entries = root.putArray("$memreserve");
            for (ReserveEntry entry : tree.memoryReservations()) {
                entries.addArray()
                        .add(JsonEncoder.unsigned(entry.address()))
                        .add(JsonEncoder.unsigned(entry.size()));
            }
        }
        if (tree.bootCpuId() != 0) {
            root.put("$boot-cpuid", tree.bootCpuId() & 0xffffffffL);
        }
        writeMembers(tree.root(), root);
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static void writeMembers(Node node, ObjectNode out) {
        Set<String> propertyNames = new HashSet<>();
        for (Property property : node.properties()) {
            propertyNames.add(property.name());
            out.set(property.name(), JsonEncoder.encode(property));
        }
        for (Node child : node.children()) {
            // A child named like a property (or starting with $) gets the node marker "/".
            String key =
                    propertyNames.contains(child.name()) || child.name().startsWith("$")
                            ? child.name() + "/"
                            : child.name();
            writeMembers(child, out.putObject(key));
        }
    }

    private static String firstLine(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
