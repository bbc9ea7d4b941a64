package io.slipway.devicetree.dts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each limit of {@link DtsLimits} stops the compilation at the token, definition or reference that
 * crosses it, with one diagnostic at that position naming the limit and its value.
 */
class DtsLimitsTests {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            textBlock =
                    """
                    maxTokens               | 5 | / { a; };                | 2:6  | more than 5 tokens
                    maxDepth                | 2 | / { a { b { }; }; };     | 2:11 | nodes nested deeper than 2 levels
                    maxNodes                | 2 | / { a {}; b {}; };       | 2:11 | more than 2 node definitions
                    maxNodes                | 1 | / { /delete-node/ a; };  | 2:19 | more than 1 node definitions
                    maxProperties           | 1 | / { a; b; };             | 2:8  | more than 1 property definitions
                    maxNameLength           | 3 | / { abcd; };             | 2:5  | name longer than 3 characters
                    maxLabelLength          | 3 | / { abcd: n {}; };       | 2:5  | label longer than 3 characters
                    maxLabelLength          | 3 | / { p = &abcd; };        | 2:9  | reference longer than 3 characters
                    maxPathLength           | 4 | / { ab { cd {}; }; };    | 2:10 | path of node 'cd' longer than 4 characters
                    maxPathLength           | 4 | / { p = &{/abcd}; };     | 2:9  | path reference longer than 4 characters
                    maxLabels               | 1 | / { a: b: n {}; };       | 2:8  | more than 1 labels
                    maxReferences           | 1 | / { p = &a, &a; a: n {}; }; | 2:13 | more than 1 references
                    maxStringLength         | 3 | / { p = "abcd"; };       | 2:9  | string longer than 3 characters
                    maxStringLength         | 3 | / { p = <'abcd'>; };     | 2:10 | character literal longer than 3 characters
                    maxLiteralLength        | 3 | / { p = <1234>; };       | 2:10 | integer literal longer than 3 characters
                    maxPropertyBytes        | 4 | / { p = <1 2>; };        | 2:12 | value of 'p' longer than 4 bytes
                    maxPropertyBytes        | 4 | / { p = &n; n: abcdef {}; }; | 2:9 | value of 'p' longer than 4 bytes
                    maxTreeBytes            | 4 | / { p = <1>; q = <2>; }; | 2:19 | property values total more than 4 bytes
                    maxTreeBytes            | 4 | / { p = <&n>; n: x {}; }; | 2:10 | property values total more than 4 bytes
                    maxExpressionDepth      | 2 | / { p = <(((1)))>; };    | 2:12 | expression nested deeper than 2 levels
                    maxExpressionDepth      | 2 | / { p = <(- - 1)>; };    | 2:13 | expression nested deeper than 2 levels
                    maxExpressionOperations | 2 | / { p = <(1+1+1+1)>; };  | 2:16 | expression with more than 2 operators
                    maxResolutionSteps      | 1 | / { p = &{/a/b}; a { b {}; }; }; | 2:9 | resolving references took more than 1 steps (duplicate labels or node names)
                    """)
    void aLimitStopsTheCompilationWhereItIsCrossed(
            String limit, int value, String body, String at, String what) {
        String source = "/dts-v1/;\n" + body + "\n";

        assertThatThrownBy(() -> DtsCompiler.compile(source, "t.dts", null, with(limit, value)))
                .isInstanceOfSatisfying(
                        DeviceTreeException.class,
                        e ->
                                assertThat(e.diagnostics())
                                        .extracting(Diagnostic::toString)
                                        .containsExactly(
                                                "t.dts:"
                                                        + at
                                                        + ": "
                                                        + what
                                                        + " (limit "
                                                        + limit
                                                        + " = "
                                                        + value
                                                        + ")"));
    }

    @Test
    void errorsBeyondMaxErrorsAreNotCollected() {
        String source = "/dts-v1/;\n/ {\n" + "x = ;\n".repeat(10) + "};\n";

        assertThatThrownBy(() -> DtsCompiler.compile(source, "t.dts", null, with("maxErrors", 3)))
                .isInstanceOfSatisfying(
                        DeviceTreeException.class, e -> assertThat(e.diagnostics()).hasSize(3));
    }

    @Test
    void includesNestDeeperThanMaxIncludeDepthAreRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("self.dtsi"), "/include/ \"self.dtsi\"\n");

        assertThatThrownBy(
                        () ->
                                DtsCompiler.compile(
                                        "/dts-v1/;\n/include/ \"self.dtsi\"\n/ { };\n",
                                        "main.dts",
                                        dir,
                                        with("maxIncludeDepth", 3)))
                .isInstanceOf(DeviceTreeException.class)
                .hasMessageContaining(
                        "/include/ nested more than 3 deep (limit maxIncludeDepth = 3)");
    }

    @Test
    void aDescriptionAtEverySchemaMaximumCompilesUnderTheDefaults() throws DeviceTreeException {
        // GUEST-SCHEMA: depth 16, 1024 nodes, 8192 properties, names of 31 (+ 31 unit address).
        String name = "n".repeat(31) + "@" + "1".repeat(31);
        StringBuilder sb = new StringBuilder("/dts-v1/;\n/ {\n");
        for (int depth = 0; depth < 16; depth++) {
            sb.append("d").append(name.substring(1)).append(" {\n");
        }
        sb.append("};\n".repeat(16));
        for (int node = 0; node < 1024 - 17; node++) {
            sb.append("n").append(node).append(" {\n");
            for (int p = 0; p < 8; p++) {
                sb.append("p".repeat(27)).append(String.format("%04d", p)).append(" = <1>;\n");
            }
            sb.append("};\n");
        }
        sb.append("};\n");

        DeviceTree tree = DtsCompiler.compile(sb.toString(), "max.dts");

        assertThat(tree.root().children()).hasSize(1 + 1024 - 17);
    }

    @Test
    void limitsBelowOneOrRecursionAbove1024AreRefused() {
        assertThatThrownBy(() -> with("maxNodes", 0))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> with("maxDepth", 1025))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> with("maxExpressionDepth", 1025))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    /** {@link DtsLimits#DEFAULT} with the limit called {@code name} set to {@code value}. */
    @Test
    void generatedNodesCountAgainstTheLimits() {
        // Each label adds its node's 40-character path to __symbols__: 2 labels fit, 3 do not.
        String path = "n".repeat(40);
        String source = "/dts-v1/;\n/ { a: b: c: " + path + " { }; };\n";
        DtsLimits limits = with("maxTreeBytes", 100);

        assertThatThrownBy(
                        () ->
                                DtsCompiler.compile(
                                        source, "t.dts", null, limits, DtsOptions.SYMBOLS))
                .isInstanceOfSatisfying(
                        DeviceTreeException.class,
                        e ->
                                assertThat(e.diagnostics())
                                        .extracting(Diagnostic::toString)
                                        .singleElement()
                                        .asString()
                                        .startsWith("t.dts:2:")
                                        .contains("maxTreeBytes"));
    }

    static DtsLimits with(String name, int value) {
        try {
            RecordComponent[] components = DtsLimits.class.getRecordComponents();
            Object[] values = new Object[components.length];
            boolean found = false;
            for (int i = 0; i < components.length; i++) {
                found |= components[i].getName().equals(name);
                values[i] =
                        components[i].getName().equals(name)
                                ? value
                                : components[i].getAccessor().invoke(DtsLimits.DEFAULT);
            }
            assertThat(found).as("limit %s exists", name).isTrue();
            Constructor<DtsLimits> constructor =
                    DtsLimits.class.getDeclaredConstructor(
                            Arrays.stream(components)
                                    .map(RecordComponent::getType)
                                    .toArray(Class<?>[]::new));
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
