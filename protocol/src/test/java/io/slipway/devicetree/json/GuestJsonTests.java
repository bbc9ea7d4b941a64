package io.slipway.devicetree.json;

import static io.slipway.devicetree.schema.Trees.bytes;
import static io.slipway.devicetree.schema.Trees.empty;
import static io.slipway.devicetree.schema.Trees.guest;
import static io.slipway.devicetree.schema.Trees.node;
import static io.slipway.devicetree.schema.Trees.pci;
import static io.slipway.devicetree.schema.Trees.pvhDomain;
import static io.slipway.devicetree.schema.Trees.str;
import static io.slipway.devicetree.schema.Trees.tree;
import static io.slipway.devicetree.schema.Trees.u32;
import static io.slipway.devicetree.schema.Trees.u64;
import static io.slipway.devicetree.schema.Trees.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import io.slipway.devicetree.ReserveEntry;
import io.slipway.devicetree.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GuestJsonTests {
    private static DeviceTree read(String json) throws DeviceTreeException {
        return GuestJson.read(json.getBytes(StandardCharsets.UTF_8), "g.json");
    }

    private static List<String> problems(String json) {
        try {
            read(json);
            throw new AssertionError("expected a DeviceTreeException");
        } catch (DeviceTreeException e) {
            return e.diagnostics().stream().map(Diagnostic::toString).toList();
        }
    }

    /** Two trees are the same description when names, order and value bytes are equal. */
    private static void assertSameTree(DeviceTree actual, DeviceTree expected) {
        assertThat(actual.memoryReservations()).isEqualTo(expected.memoryReservations());
        assertThat(actual.bootCpuId()).isEqualTo(expected.bootCpuId());
        assertSameNode(actual.root(), expected.root());
    }

    private static void assertSameNode(Node actual, Node expected) {
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(actual.properties()).containsExactlyElementsOf(expected.properties());
        assertThat(actual.children()).hasSameSizeAs(expected.children());
        for (int i = 0; i < actual.children().size(); i++) {
            assertSameNode(actual.children().get(i), expected.children().get(i));
        }
    }

    @Test
    void knownPropertiesAreWrittenInTheirTypedForm() {
        DeviceTree guest =
                guest(
                        with(
                                with(pvhDomain(), pci("0000:3b:00.0")),
                                node(
                                        "nics",
                                        node(
                                                "vif@0",
                                                bytes(
                                                        "local-mac-address",
                                                        2,
                                                        0x16,
                                                        0x3e,
                                                        0x5a,
                                                        0,
                                                        7)))),
                        "slipway,pci-v1");
        String json = GuestJson.write(guest);

        assertThat(json)
                .contains("\"compatible\" : [ \"slipway,guest-v1\" ]")
                .contains("\"domain-uuid\" : \"3f2a9c10-5b7e-4d21-a0c4-112233445566\"")
                .contains("\"memory\" : 524288")
                .contains("\"cpus\" : 1")
                .contains("\"slipway,bootable\" : true")
                .contains("\"slipway,sbdf\" : \"0000:3b:00.0\"")
                .contains("\"local-mac-address\" : \"02:16:3e:5a:00:07\"");
    }

    @Test
    void everyTreeRoundTripsToTheSameBytesIncludingOddValues() throws Exception {
        DeviceTree odd =
                new DeviceTree(
                        List.of(new ReserveEntry(0x1000, 0x2000), new ReserveEntry(-1, 5)),
                        3,
                        node(
                                "",
                                u32("memory", 5),
                                u64("cpus", 1),
                                u64("slipway,max-memory", -1),
                                bytes("slipway,name", 0xff, 0xfe, 0),
                                bytes("compatible", 1, 2, 3),
                                str("bootargs", ""),
                                bytes("vpl011", 7),
                                bytes("domain-uuid", 1, 2),
                                str("acme,words", "a", "b"),
                                str("acme,one", "x"),
                                empty("acme,flag"),
                                u32("acme,cells", 1, 2, 3),
                                bytes("acme,bytes", 0, 1, 2),
                                bytes("acme,nul-inside", 'a', 0, 0, 'b', 0),
                                str("pci", "a property named like a node"),
                                node("pci", u32("#address-cells", 1)),
                                node("empty"),
                                node("acme,x@1f", node("deeper", node("deepest")))));
        String json = GuestJson.write(odd);
        assertSameTree(read(json), odd);
        assertThat(GuestJson.write(read(json))).isEqualTo(json);
    }

    @Test
    void randomValuesOfEveryKnownNameRoundTrip() throws Exception {
        Random random = new Random(42);
        String[] names = {
            "memory",
            "cpus",
            "compatible",
            "slipway,name",
            "vpl011",
            "domain-uuid",
            "local-mac-address",
            "acme,v",
            "reg"
        };
        for (int round = 0; round < 2000; round++) {
            byte[] value = new byte[random.nextInt(20)];
            random.nextBytes(value);
            if (random.nextBoolean()) {
                for (int i = 0; i < value.length; i++) {
                    value[i] = (byte) (i % 5 == 4 ? 0 : 'a' + random.nextInt(26));
                }
            }
            DeviceTree tree = tree(new Property(names[round % names.length], value));
            assertSameTree(read(GuestJson.write(tree)), tree);
        }
    }

    @Test
    void readsTheDocumentedShorthandsAndExplicitForms() throws Exception {
        DeviceTree tree =
                read(
                        """
                        {
                          "compatible": "slipway,guest-v1",
                          "domain": {
                            "domain-uuid": "3f2a9c10 5b7e4d21 a0c41122 33445566",
                            "memory": 18446744073709551615,
                            "local-mac-address": [2, 22, 62, 0, 0, 7],
                            "acme,cells": {"$cells": [1, 4294967295]},
                            "acme,wide": {"$u64": [1]},
                            "acme,raw": {"$bytes": "0a:0b"},
                            "acme,list": {"$strings": ["a", "b"]},
                            "acme,flag": true
                          }
                        }
                        """);
        Node domain = tree.root().children().get(0);
        assertThat(tree.root().properties()).containsExactly(str("compatible", "slipway,guest-v1"));
        assertThat(domain.properties())
                .containsExactly(
                        bytes(
                                "domain-uuid",
                                0x3f,
                                0x2a,
                                0x9c,
                                0x10,
                                0x5b,
                                0x7e,
                                0x4d,
                                0x21,
                                0xa0,
                                0xc4,
                                0x11,
                                0x22,
                                0x33,
                                0x44,
                                0x55,
                                0x66),
                        u64("memory", -1),
                        bytes("local-mac-address", 2, 22, 62, 0, 0, 7),
                        u32("acme,cells", 1, 0xffffffffL),
                        u64("acme,wide", 1),
                        bytes("acme,raw", 10, 11),
                        str("acme,list", "a", "b"),
                        empty("acme,flag"));
    }

    @Test
    void reportsEveryValueProblemWithItsLineAndColumn() {
        assertThat(
                        problems(
                                """
                                {
                                  "domain": {
                                    "memory": "lots",
                                    "cpus": 4294967296,
                                    "vpl011": false,
                                    "acme,n": 5,
                                    "slipway,name": ["a"],
                                    "acme,x": {"$cells": [1], "$bytes": "00"},
                                    "acme,y": {"$hex": "00"},
                                    "acme,z": {"$bytes": "0g"}
                                  },
                                  "$colour": 1
                                }
                                """))
                .containsExactly(
                        "g.json:3:5: /domain memory: expected a u64 number (0..18446744073709551615)",
                        "g.json:4:5: /domain cpus: expected a u32 number (0..4294967295)",
                        "g.json:5:5: /domain vpl011: expected true (an empty property)",
                        "g.json:6:5: /domain acme,n: a number or list of numbers needs an explicit"
                                + " form for a property the schema does not know: {\"$cells\":"
                                + " [...]}, {\"$u64\": [...]} or {\"$bytes\": \"...\"}",
                        "g.json:7:5: /domain slipway,name: expected a string",
                        "g.json:8:5: /domain acme,x: an explicit value is an object with exactly"
                                + " one of $cells, $u64, $bytes, $strings",
                        "g.json:9:5: /domain acme,y: unknown explicit form $hex",
                        "g.json:10:5: /domain acme,z: \"0g\" is not hex bytes",
                        "g.json:12:3: / $colour: unknown key $colour (keys starting with $ are"
                                + " reserved)");
    }

    @Test
    void syntaxErrorsAndDuplicateKeysAreReportedWithTheirPosition() {
        assertThat(problems("{\n  \"a\": \"1\",,\n}"))
                .singleElement()
                .asString()
                .startsWith("g.json:2:");
        assertThat(problems("{\"memory\": 1, \"memory\": 2}"))
                .singleElement()
                .asString()
                .startsWith("g.json:1:")
                .contains("Duplicate");
        assertThat(problems("[1]"))
                .containsExactly(
                        "g.json:1:1: a JSON guest description is one object: the root node");
        assertThat(problems("{} {}")).containsExactly("g.json:1:4: content after the root object");
        assertThat(problems("{\"a\":" + "{\"b\":".repeat(100) + "{}" + "}".repeat(101) + "}"))
                .singleElement()
                .asString()
                .contains("JSON syntax")
                .contains("depth");
    }

    @Test
    void keepsMemberOrderAsPropertyAndNodeOrder() throws Exception {
        DeviceTree tree = read("{\"z\": \"1\", \"b\": {}, \"a\": \"2\", \"a/\": {}, \"c\": {}}");
        assertThat(tree.root().properties()).extracting(Property::name).containsExactly("z", "a");
        assertThat(tree.root().children()).extracting(Node::name).containsExactly("b", "a", "c");
    }

    @Test
    void positionsAreNotAttachedToTheTreeOnlyToDiagnostics() throws Exception {
        DeviceTree tree = read("{\"a\": \"x\"}");
        assertThat(tree.root().properties().get(0).position()).isNull();
        assertThatThrownBy(() -> read("{\"a\": 1}"))
                .isInstanceOf(DeviceTreeException.class)
                .satisfies(
                        e ->
                                assertThat(
                                                ((DeviceTreeException) e)
                                                        .diagnostics()
                                                        .get(0)
                                                        .position())
                                        .isEqualTo(new SourcePosition("g.json", 1, 2)));
    }
}
