package io.slipway.devicetree.dts;

/**
 * The bounds of one DTS compilation. Every one is enforced while the source is lexed, parsed and
 * expanded, before the memory or work it guards is spent: a source that exceeds one is rejected
 * with a positioned error naming the limit and its value, never with an {@link OutOfMemoryError}, a
 * {@link StackOverflowError} or a hang. Together they bound the memory of a compilation to a small
 * multiple of {@link #maxTreeBytes} plus the source, and its work to a small multiple of the source
 * length.
 *
 * <p>The defaults ({@link #DEFAULT}) are sized for guest descriptions (GUEST-SCHEMA: a canonical
 * blob of at most 1 MiB, depth 16, 1024 nodes, 8192 properties, names of 31 characters), with
 * headroom so that the schema, not the compiler, explains what is wrong with a description that is
 * merely too big, and so that every file of dtc's language that a person writes by hand compiles.
 *
 * @param maxTokens tokens in the whole compilation, includes counted
 * @param maxErrors errors collected before the compilation is abandoned
 * @param maxDepth node nesting, the root's body is level 1
 * @param maxNodes node definitions, each body and each {@code /delete-node/} counted
 * @param maxProperties property definitions, redefinitions and deletions counted
 * @param maxNameLength node name (unit address included) or property name, in characters
 * @param maxLabelLength label or reference name, in characters
 * @param maxPathLength full path of a node, or a path in {@code &{/path}}, in characters
 * @param maxLabels label definitions on nodes, properties and inside values
 * @param maxReferences {@code &label} and {@code &{/path}} uses, top-level ones included
 * @param maxStringLength one string or character literal, source characters between the quotes
 * @param maxLiteralLength one integer literal, in characters
 * @param maxPropertyBytes one property value, path references expanded
 * @param maxTreeBytes all property values produced in the compilation (redefined ones included),
 *     path references expanded and phandle properties added
 * @param maxExpressionDepth nesting of parentheses, unary operators and {@code ?:}
 * @param maxExpressionOperations operators in one expression
 * @param maxResolutionSteps candidates and ancestors examined while resolving references among
 *     duplicate labels or duplicate node names; a file without duplicates needs about one step per
 *     reference and path component
 * @param maxIncludeDepth nesting of {@code /include/}
 */
public record DtsLimits(
        int maxTokens,
        int maxErrors,
        int maxDepth,
        int maxNodes,
        int maxProperties,
        int maxNameLength,
        int maxLabelLength,
        int maxPathLength,
        int maxLabels,
        int maxReferences,
        int maxStringLength,
        int maxLiteralLength,
        int maxPropertyBytes,
        int maxTreeBytes,
        int maxExpressionDepth,
        int maxExpressionOperations,
        int maxResolutionSteps,
        int maxIncludeDepth) {

    /** The defaults; the comment on each says why. */
    public static final DtsLimits DEFAULT =
            new DtsLimits(
                    1 << 20, // maxTokens: a 1 MiB body has at most this many
                    100, // maxErrors: beyond this the rest are consequences
                    64, // maxDepth: 4 x the schema's 16
                    4096, // maxNodes: 4 x the schema's 1024
                    16_384, // maxProperties: 2 x the schema's 8192
                    255, // maxNameLength: the schema's 31 (+ 31 unit address) with headroom
                    255, // maxLabelLength: as names
                    2048, // maxPathLength: 16 levels of 31@31 fit twice
                    4096, // maxLabels: one per node
                    8192, // maxReferences: two per node
                    65_536, // maxStringLength: a kernel command line is a few KiB
                    64, // maxLiteralLength: a 64-bit value needs 22 digits, prefix and suffix
                    256 << 10, // maxPropertyBytes: a quarter of the largest blob
                    1 << 20, // maxTreeBytes: the schema's largest blob
                    64, // maxExpressionDepth: each level is a dozen stack frames
                    4096, // maxExpressionOperations: hand-written ones have a few
                    1 << 22, // maxResolutionSteps: about 100 ms of lookups
                    16); // maxIncludeDepth: only the CLI allows includes

    public DtsLimits {
        int[] all = {
            maxTokens,
            maxErrors,
            maxDepth,
            maxNodes,
            maxProperties,
            maxNameLength,
            maxLabelLength,
            maxPathLength,
            maxLabels,
            maxReferences,
            maxStringLength,
            maxLiteralLength,
            maxPropertyBytes,
            maxTreeBytes,
            maxExpressionDepth,
            maxExpressionOperations,
            maxResolutionSteps,
            maxIncludeDepth
        };
        for (int limit : all) {
            if (limit < 1) {
                throw new IllegalArgumentException("every DTS limit must be at least 1: " + limit);
            }
        }
        if (maxDepth > 1024 || maxExpressionDepth > 1024) {
            // Both are recursion depths: beyond this a small thread stack could overflow.
            throw new IllegalArgumentException("depth limits above 1024 are not supported");
        }
    }
}
