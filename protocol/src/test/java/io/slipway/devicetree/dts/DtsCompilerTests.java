package io.slipway.devicetree.dts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DtsCompilerTests {
    @Test
    void nodesAndPropertiesCarryThePositionOfTheirName() throws DeviceTreeException {
        DeviceTree tree =
                DtsCompiler.compile(
                        Corpus.read(Corpus.EXAMPLES.resolve("gpu-hvm.dts")), "gpu-hvm.dts");

        Node domain = tree.root().child("domain").orElseThrow();
        Node dev1 = domain.child("pci").orElseThrow().child("dev@1").orElseThrow();
        assertThat(domain.position()).isEqualTo(new SourcePosition("gpu-hvm.dts", 7, 5));
        assertThat(dev1.position()).isEqualTo(new SourcePosition("gpu-hvm.dts", 37, 13));
        assertThat(dev1.property("slipway,vslot").orElseThrow().position())
                .isEqualTo(new SourcePosition("gpu-hvm.dts", 41, 17));
    }

    @Test
    void aRedefinedPropertyTakesThePositionOfTheValueItHolds() throws DeviceTreeException {
        String source = "/dts-v1/;\n/ { a = <1>; };\n/ {\n  a = <2>; };\n";

        Node root = DtsCompiler.compile(source, "t.dts").root();

        assertThat(root.position()).isEqualTo(new SourcePosition("t.dts", 2, 1));
        assertThat(root.property("a").orElseThrow().position())
                .isEqualTo(new SourcePosition("t.dts", 4, 3));
        assertThat(root.property("a").orElseThrow().u32()).contains(2L);
    }

    @Test
    void anOverlayCarriesItsFragmentsAndFixupNodes() throws DeviceTreeException {
        String source = "/dts-v1/;\n/plugin/;\n&uart0 { clk = <&clk>; n: x { self = <&n>; }; };\n";

        Node root = DtsCompiler.compile(source, "o.dts").root();

        Node fragment = root.child("fragment@0").orElseThrow();
        assertThat(fragment.property("target").orElseThrow().u32()).contains(0xffffffffL);
        assertThat(fragment.child("__overlay__").orElseThrow().child("x")).isPresent();
        assertThat(root.child("__fixups__").orElseThrow().property("uart0").orElseThrow().value())
                .isEqualTo("/fragment@0:target:0\0".getBytes(StandardCharsets.UTF_8));
        assertThat(root.child("__fixups__").orElseThrow().property("clk")).isPresent();
        Node localX =
                root.child("__local_fixups__")
                        .orElseThrow()
                        .child("fragment@0")
                        .orElseThrow()
                        .child("__overlay__")
                        .orElseThrow()
                        .child("x")
                        .orElseThrow();
        assertThat(localX.property("self").orElseThrow().u32()).contains(0L);
        assertThat(root.child("__symbols__")).isEmpty();
    }

    @Test
    void compileWithSymbolsListsEveryLabelledNodeAndGivesItAPhandle() throws DeviceTreeException {
        String source = "/dts-v1/;\n/ { a: b: n { }; m { }; };\n";

        Node root = DtsCompiler.compileWithSymbols(source, "s.dts").root();

        Node symbols = root.child("__symbols__").orElseThrow();
        assertThat(symbols.properties()).extracting(p -> p.name()).containsExactly("a", "b");
        assertThat(symbols.property("b").orElseThrow().value())
                .isEqualTo("/n\0".getBytes(StandardCharsets.UTF_8));
        assertThat(root.child("n").orElseThrow().property("phandle").orElseThrow().u32())
                .contains(1L);
        assertThat(root.child("m").orElseThrow().property("phandle")).isEmpty();
        assertThat(DtsCompiler.compile(source, "s.dts").root().child("__symbols__")).isEmpty();
    }

    @Test
    void lineMarkersMoveReportedPositionsToTheOriginalFile() {
        String source = "/dts-v1/;\n# 40 \"board.dtsi\" 1\n/ {\n  a = <1>\n};\n";

        assertThatThrownBy(() -> DtsCompiler.compile(source, "pre.dts"))
                .isInstanceOfSatisfying(
                        DeviceTreeException.class,
                        e ->
                                assertThat(e.diagnostics())
                                        .extracting(Object::toString)
                                        .containsExactly(
                                                "board.dtsi:42:1: expected ';' after the value of"
                                                        + " 'a', found '}'"));
    }

    @Test
    void theBootCpuIsGuessedFromCpusUnlessGiven() throws DeviceTreeException {
        String source = "/dts-v1/;\n/ { cpus { cpu@7 { reg = <7>; }; }; };\n";

        assertThat(DtsCompiler.compile(source, "c.dts").bootCpuId()).isEqualTo(7);
        assertThat(
                        DtsCompiler.compile(
                                        source,
                                        "c.dts",
                                        null,
                                        DtsLimits.DEFAULT,
                                        new DtsOptions(false, 2))
                                .bootCpuId())
                .isEqualTo(2);
    }

    @Test
    void reportsEverySyntaxErrorOfAFile() {
        String source = "/dts-v1/;\n/ {\n a = <1>\n b = ;\n c = [0];\n d;\n};\n";

        assertThatThrownBy(() -> DtsCompiler.compile(source, "e.dts"))
                .isInstanceOfSatisfying(
                        DeviceTreeException.class,
                        e ->
                                assertThat(e.diagnostics())
                                        .extracting(Object::toString)
                                        .containsExactly(
                                                "e.dts:4:2: expected ';' after the value of 'a',"
                                                        + " found 'b'",
                                                "e.dts:5:7: expected pairs of hex digits or ']' in"
                                                        + " a byte string, found '0'"));
    }

    @Test
    void includesResolveInsideTheBaseDirectoryOnly(@TempDir Path dir) throws Exception {
        Path base = Files.createDirectory(dir.resolve("base"));
        Files.writeString(base.resolve("ok.dtsi"), "/ { from-include; };\n");
        Files.writeString(dir.resolve("secret.dtsi"), "/ { secret; };\n");
        Files.createSymbolicLink(base.resolve("link.dtsi"), dir.resolve("secret.dtsi"));

        DeviceTree tree =
                DtsCompiler.compile("/dts-v1/;\n/include/ \"ok.dtsi\"\n", "main.dts", base);
        assertThat(tree.root().property("from-include")).isPresent();

        for (String escape :
                new String[] {
                    "../secret.dtsi", dir.resolve("secret.dtsi").toString(), "link.dtsi"
                }) {
            String source = "/dts-v1/;\n/include/ \"" + escape + "\"\n/ { };\n";
            assertThatThrownBy(() -> DtsCompiler.compile(source, "main.dts", base))
                    .isInstanceOf(DeviceTreeException.class)
                    .hasMessageContaining("main.dts:2:1: /include/: ")
                    .hasMessageContaining("outside the include directory");
        }
    }

    @Test
    void includesAreRefusedWithoutABaseDirectory() {
        assertThatThrownBy(
                        () ->
                                DtsCompiler.compile(
                                        "/dts-v1/;\n/ { b = /incbin/(\"/etc/passwd\"); };\n",
                                        "api.dts"))
                .isInstanceOf(DeviceTreeException.class)
                .hasMessage(
                        "api.dts:2:18: /incbin/ is not allowed here: no include directory was"
                                + " given");
    }
}
