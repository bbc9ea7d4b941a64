package io.slipway.devicetree.dts;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import io.slipway.devicetree.SourcePosition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compiles device-tree source (the dtc language, {@code /dts-v1/}) into a {@link DeviceTree} that
 * {@link io.slipway.devicetree.fdt.FdtWriter} writes byte for byte as {@code dtc -I dts -O dtb}
 * (dtc 1.6.1) would. Nodes and properties carry the {@link SourcePosition} of their name (a node
 * defined several times keeps its first position; a property takes the position of the definition
 * whose value it holds); properties dtc synthesises ({@code phandle}) have none.
 *
 * <p>Errors are reported all at once in one {@link DeviceTreeException}, each at {@code
 * file:line:column}: after a syntax error the compiler resynchronises at the next {@code ;} or
 * {@code }} and continues; reference, label and name errors (dtc's error-level checks) are reported
 * when the file has no syntax error. Where dtc only warns, nothing is reported. Overlays ({@code
 * /plugin/}) compile as dtc compiles them: top-level {@code &ref { ... };} with no target in the
 * file becomes a {@code fragment@N} with {@code target} or {@code target-path} and an {@code
 * __overlay__}, and {@code __fixups__} and {@code __local_fixups__} are generated (see {@link
 * GeneratedNodes}).
 *
 * <p>Input is hostile until proven otherwise: every bound of {@link DtsLimits} is enforced while
 * the source is lexed, parsed and expanded, so that a source exceeding one is rejected with a
 * positioned error naming the limit, before the memory or time it guards is spent; the work done is
 * linear in the source length (no lookup scans the tree, no value is copied once per reference). No
 * exception other than {@link DeviceTreeException} escapes for bad input, and none of {@link
 * OutOfMemoryError}, {@link StackOverflowError} or a hang is a possible outcome within the limits.
 * Pure and thread-safe.
 */
public final class DtsCompiler {
    private DtsCompiler() {}

    /**
     * Compiles {@code source} under {@link DtsLimits#DEFAULT}; {@code /include/} and {@code
     * /incbin/} are errors.
     */
    public static DeviceTree compile(String source, String fileName) throws DeviceTreeException {
        return compile(source, fileName, null, DtsLimits.DEFAULT);
    }

    /** As {@link #compile(String, String, Path, DtsLimits)} under {@link DtsLimits#DEFAULT}. */
    public static DeviceTree compile(String source, String fileName, Path includeBaseDir)
            throws DeviceTreeException {
        return compile(source, fileName, includeBaseDir, DtsLimits.DEFAULT);
    }

    /**
     * As dtc -@: {@link #compile(String, String)} with a {@code __symbols__} node naming the path
     * of every labelled node.
     */
    public static DeviceTree compileWithSymbols(String source, String fileName)
            throws DeviceTreeException {
        return compile(source, fileName, null, DtsLimits.DEFAULT, DtsOptions.SYMBOLS);
    }

    /** As {@link #compile(String, String, Path, DtsLimits, DtsOptions)} without options. */
    public static DeviceTree compile(
            String source, String fileName, Path includeBaseDir, DtsLimits limits)
            throws DeviceTreeException {
        return compile(source, fileName, includeBaseDir, limits, DtsOptions.DEFAULT);
    }

    /**
     * Compiles {@code source}, resolving {@code /include/} and {@code /incbin/} against the
     * directory of the naming file (the top file counts as being in {@code includeBaseDir}) and
     * refusing any file outside {@code includeBaseDir}. A null {@code includeBaseDir} forbids both
     * directives.
     */
    public static DeviceTree compile(
            String source,
            String fileName,
            Path includeBaseDir,
            DtsLimits limits,
            DtsOptions options)
            throws DeviceTreeException {
        Objects.requireNonNull(options, "options");
        return new Compilation(limits).compile(source, fileName, includeBaseDir, options);
    }

    /** One compilation, kept so tests can read its {@link Usage}. */
    static final class Compilation {
        final Usage usage;
        private final Problems problems;

        Compilation(DtsLimits limits) {
            Objects.requireNonNull(limits, "limits");
            this.problems = new Problems(limits.maxErrors());
            this.usage = new Usage(limits, problems);
        }

        DeviceTree compile(String source, String fileName, Path includeBaseDir)
                throws DeviceTreeException {
            return compile(source, fileName, includeBaseDir, DtsOptions.DEFAULT);
        }

        DeviceTree compile(String source, String fileName, Path includeBaseDir, DtsOptions options)
                throws DeviceTreeException {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(fileName, "fileName");
            Includes includes = null;
            if (includeBaseDir != null) {
                try {
                    includes = new Includes(includeBaseDir);
                } catch (IOException e) {
                    throw new DeviceTreeException(
                            Diagnostic.atSource(
                                    new SourcePosition(fileName, 1, 1),
                                    "include directory " + includeBaseDir + " cannot be opened"));
                }
            }
            Parser parser = new Parser(new Lexer(source, fileName, includes, usage), usage);
            LiveNode root = parser.parse();
            if (problems.any()) {
                throw problems.exception();
            }
            long bootCpuId =
                    options.bootCpuId() != DtsOptions.GUESS
                            ? options.bootCpuId()
                            : BootCpu.guess(root, parser.index());
            try {
                TreeChecks checks =
                        TreeChecks.run(
                                root, usage, parser.index(), parser.plugin(), options.symbols());
                if (!problems.any()) {
                    GeneratedNodes.add(root, checks, usage, options.symbols(), parser.plugin());
                }
            } catch (Problems.Stop e) {
                // Reported below with the others.
            }
            problems.sortFrom(0);
            if (problems.any()) {
                throw problems.exception();
            }
            return new DeviceTree(parser.reservations(), bootCpuId, freeze(root));
        }
    }

    private static Node freeze(LiveNode node) {
        List<Property> properties = new ArrayList<>();
        for (LiveProperty p : node.properties) {
            if (!p.deleted) {
                properties.add(new Property(p.name, p.value.toByteArray(), p.position));
            }
        }
        List<Node> children = new ArrayList<>();
        for (LiveNode c : node.children) {
            if (!c.deleted) {
                children.add(freeze(c));
            }
        }
        return new Node(node.name, properties, children, node.position);
    }
}
