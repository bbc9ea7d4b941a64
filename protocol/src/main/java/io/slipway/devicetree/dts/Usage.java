package io.slipway.devicetree.dts;

import io.slipway.devicetree.SourcePosition;

/**
 * What one compilation has used so far, checked against its {@link DtsLimits} as it is counted: the
 * counter that would pass its limit reports it at the position where that happens and stops the
 * compilation. {@link #work()} sums everything counted, a deterministic measure of the
 * compilation's cost for tests.
 */
final class Usage {
    final DtsLimits limits;
    private final Problems problems;
    private int tokens;
    private int nodes;
    private int properties;
    private int labels;
    private int references;
    private long treeBytes;
    private long steps;

    Usage(DtsLimits limits, Problems problems) {
        this.limits = limits;
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    void token(SourcePosition at) {
        if (++tokens > limits.maxTokens()) {
            throw problems.exceeded(
                    at,
                    "more than " + limits.maxTokens() + " tokens",
                    "maxTokens",
                    limits.maxTokens());
        }
    }

    void node(SourcePosition at) {
        if (++nodes > limits.maxNodes()) {
            throw problems.exceeded(
                    at,
                    "more than " + limits.maxNodes() + " node definitions",
                    "maxNodes",
                    limits.maxNodes());
        }
    }

    void property(SourcePosition at) {
        if (++properties > limits.maxProperties()) {
            throw problems.exceeded(
                    at,
                    "more than " + limits.maxProperties() + " property definitions",
                    "maxProperties",
                    limits.maxProperties());
        }
    }

    void label(SourcePosition at) {
        if (++labels > limits.maxLabels()) {
            throw problems.exceeded(
                    at,
                    "more than " + limits.maxLabels() + " labels",
                    "maxLabels",
                    limits.maxLabels());
        }
    }

    void reference(SourcePosition at) {
        if (++references > limits.maxReferences()) {
            throw problems.exceeded(
                    at,
                    "more than " + limits.maxReferences() + " references",
                    "maxReferences",
                    limits.maxReferences());
        }
    }

    /**
     * Checks that a value of {@code currentLength} bytes may grow by {@code more} bytes, and counts
     * them against the tree; called before the bytes are produced.
     */
    void valueBytes(String property, long currentLength, long more, SourcePosition at) {
        if (currentLength + more > limits.maxPropertyBytes()) {
            throw problems.exceeded(
                    at,
                    "value of "
                            + (property == null ? "a property" : "'" + property + "'")
                            + " longer than "
                            + limits.maxPropertyBytes()
                            + " bytes",
                    "maxPropertyBytes",
                    limits.maxPropertyBytes());
        }
        treeBytes += more;
        if (treeBytes > limits.maxTreeBytes()) {
            throw problems.exceeded(
                    at,
                    "property values total more than " + limits.maxTreeBytes() + " bytes",
                    "maxTreeBytes",
                    limits.maxTreeBytes());
        }
    }

    /** Counts {@code n} resolution steps (candidates or ancestors examined). */
    void steps(int n, SourcePosition at) {
        steps += n;
        if (steps > limits.maxResolutionSteps()) {
            throw problems.exceeded(
                    at,
                    "resolving references took more than "
                            + limits.maxResolutionSteps()
                            + " steps (duplicate labels or node names)",
                    "maxResolutionSteps",
                    limits.maxResolutionSteps());
        }
    }

    /** Everything counted so far: tokens, definitions, value bytes and resolution steps. */
    long work() {
        return tokens + nodes + properties + labels + references + treeBytes + steps;
    }
}
