package io.slipway.devicetree.schema;

import static io.slipway.devicetree.schema.Trees.bytes;
import static io.slipway.devicetree.schema.Trees.empty;
import static io.slipway.devicetree.schema.Trees.guest;
import static io.slipway.devicetree.schema.Trees.node;
import static io.slipway.devicetree.schema.Trees.pci;
import static io.slipway.devicetree.schema.Trees.pvhDomain;
import static io.slipway.devicetree.schema.Trees.str;
import static io.slipway.devicetree.schema.Trees.u32;
import static io.slipway.devicetree.schema.Trees.u64;
import static io.slipway.devicetree.schema.Trees.with;
import static io.slipway.devicetree.schema.Trees.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import io.slipway.devicetree.ReserveEntry;
import io.slipway.devicetree.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GuestSchemaValidatorTests {
    private static final String SHA = "sha256:" + "ab".repeat(32);

    static List<String> lines(DeviceTree tree) {
        return GuestSchemaValidator.validate(tree).stream()
                .map(
                        d ->
                                d.nodePath()
                                        + (d.property() == null ? "" : " " + d.property())
                                        + ": "
                                        + d.message())
                .toList();
    }

    private static List<Object> arm(List<Object> domain) {
        return with(domain, str("slipway,arch", "arm64"));
    }

    private static Node module(String name, String kind) {
        return node(
                name,
                str("compatible", "multiboot," + kind, "multiboot,module"),
                str("slipway,artifact", SHA));
    }

    private static Node vcpu(String name, long id, String affinity) {
        List<Object> members =
                new ArrayList<>(List.of(str("compatible", "xen,vcpu"), u32("id", id)));
        if (affinity != null) {
            members.add(str("hard-affinity", affinity));
        }
        return node(name, members);
    }

    private static Node nics(Property... extra) {
        List<Object> vif =
                new ArrayList<>(
                        List.of(
                                str("compatible", "slipway,vif"),
                                u32("reg", 0),
                                str("slipway,network", "tenant-42")));
        vif.addAll(List.of(extra));
        return node("nics", u32("#address-cells", 1), u32("#size-cells", 0), node("vif@0", vif));
    }

    @Test
    void aCompletePvhGuestIsValid() {
        assertThat(lines(guest(pvhDomain()))).isEmpty();
    }

    @Test
    void anHvmGuestWithPciVcpusNicsAndVendorDataIsValid() {
        List<Object> domain = with(pvhDomain(), str("slipway,guest-type", "hvm"));
        domain = without(domain, "kernel");
        domain = with(domain, str("passthrough", "enabled"));
        domain = with(domain, u32("max_grant_frames", 64));
        domain = with(domain, u32("max_maptrack_frames", 1024));
        domain = with(domain, u32("max_grant_version", 2));
        domain = with(domain, u32("capabilities", 0));
        domain = with(domain, u64("slipway,max-memory", 0x80000));
        domain = with(domain, str("slipway,cpupool", "Pool-0"));
        domain = with(domain, u32("cpus", 4));
        domain = with(domain, str("acme,cost-center", "cc-991"));
        domain = with(domain, vcpu("vcpu0", 0, "0-7,9"));
        domain = with(domain, vcpu("vcpu3", 3, "2"));
        domain = with(domain, pci("0000:3b:00.0", "0000:3b:1f.7"));
        domain =
                with(
                        domain,
                        nics(
                                bytes("local-mac-address", 2, 0x16, 0x3e, 0, 0, 7),
                                u32("slipway,mtu", 9000)));
        domain =
                with(
                        domain,
                        node(
                                "acme,billing",
                                str("compatible", "acme,billing-v1"),
                                u32("whatever", 1)));
        domain = with(domain, node("gizmo", str("compatible", "acme,gizmo"), str("x", "y")));

        assertThat(lines(guest(domain, "slipway,pci-v1"))).isEmpty();
    }

    @Test
    void theLabelTableOfDtcSymbolsIsLetThroughWhenItHoldsOnlyPaths() {
        List<Object> domain = pvhDomain();
        Node symbols = node("__symbols__", str("dom", "/domain"), str("disks", "/domain/disks"));
        assertThat(
                        lines(
                                new DeviceTree(
                                        node(
                                                "",
                                                str("compatible", "slipway,guest-v1"),
                                                node("domain", domain),
                                                symbols))))
                .isEmpty();

        Node bad =
                node(
                        "__symbols__",
                        str("dom", "domain"),
                        u32("count", 2),
                        node("nested", str("x", "/domain")));
        assertThat(
                        lines(
                                new DeviceTree(
                                        node(
                                                "",
                                                str("compatible", "slipway,guest-v1"),
                                                node("domain", domain),
                                                bad))))
                .containsExactly(
                        "/__symbols__ dom: a symbol must be one path string",
                        "/__symbols__ count: a symbol must be one path string",
                        "/__symbols__/nested: unknown node");
    }

    @Test
    void arm64OnlyPropertiesAreValidOnArm64() {
        List<Object> domain = arm(pvhDomain());
        domain = with(domain, empty("vpl011"));
        domain = with(domain, str("xen,enhanced", "no-xenstore"));
        domain = with(domain, module("dtb", "device-tree"));
        assertThat(lines(guest(domain))).isEmpty();
    }

    @Test
    void maxMemoryAboveMemoryIsPopulateOnDemandAndValidWithoutPci() {
        assertThat(lines(guest(with(pvhDomain(), u64("slipway,max-memory", 0x100000))))).isEmpty();
    }

    static Stream<Arguments> singleErrors() {
        List<Object> d = pvhDomain();
        return Stream.of(
                Arguments.of(
                        guest(without(d, "memory")), "/domain memory: required property missing"),
                Arguments.of(
                        guest(with(d, u32("memory", 0x80000))),
                        "/domain memory: length 4, expected 8 (u64)"),
                Arguments.of(
                        guest(with(d, u64("memory", 16384))),
                        "/domain memory: 16384 KiB is below the minimum of 32768 KiB"),
                Arguments.of(
                        guest(with(d, u64("memory", 32770))),
                        "/domain memory: not a multiple of 4 KiB"),
                Arguments.of(
                        guest(with(d, u64("slipway,max-memory", 0x40000))),
                        "/domain slipway,max-memory: smaller than memory"),
                Arguments.of(guest(with(d, u32("cpus", 0))), "/domain cpus: must be at least 1"),
                Arguments.of(
                        guest(with(d, u32("cpus", 5000))),
                        "/domain cpus: 5000 exceeds the limit of 4096"),
                Arguments.of(
                        guest(with(d, bytes("domain-uuid", 1, 2, 3, 4, 5, 6, 7, 8))),
                        "/domain domain-uuid: length 8, expected 16"),
                Arguments.of(
                        guest(with(d, str("slipway,name", "bad guest!"))),
                        "/domain slipway,name: characters outside [A-Za-z0-9._-]"),
                Arguments.of(
                        guest(with(d, str("slipway,name", "a".repeat(64)))),
                        "/domain slipway,name: longer than 63 characters"),
                Arguments.of(
                        guest(with(d, str("slipway,name", ""))),
                        "/domain slipway,name: must not be empty"),
                Arguments.of(
                        guest(with(d, str("slipway,name", "a", "b"))),
                        "/domain slipway,name: expected one string, found 2"),
                Arguments.of(
                        guest(with(d, u32("slipway,name", 7))),
                        "/domain slipway,name: not a NUL-terminated string"),
                Arguments.of(
                        guest(with(d, str("slipway,arch", "riscv64"))),
                        "/domain slipway,arch: \"riscv64\" not in {x86_64, arm64}"),
                Arguments.of(
                        guest(with(arm(d), str("slipway,guest-type", "hvm"))),
                        "/domain slipway,guest-type: \"hvm\" is x86_64-only"),
                Arguments.of(
                        guest(with(d, u32("capabilities", 1))),
                        "/domain capabilities: must be 0 for tenant guests"),
                Arguments.of(
                        guest(with(d, str("passthrough", "maybe"))),
                        "/domain passthrough: \"maybe\" not in {enabled, disabled}"),
                Arguments.of(
                        guest(with(d, u32("max_grant_frames", 0))),
                        "/domain max_grant_frames: 0 not in 1..2147483647"),
                Arguments.of(
                        guest(with(d, u32("max_maptrack_frames", 0x80000000L))),
                        "/domain max_maptrack_frames: 2147483648 not in 1..2147483647"),
                Arguments.of(
                        guest(with(d, u32("max_grant_version", 3))),
                        "/domain max_grant_version: 3 not in {1, 2}"),
                Arguments.of(
                        guest(with(d, str("xen,enhanced", "enabled"))),
                        "/domain xen,enhanced: arm64-only, but slipway,arch is x86_64"),
                Arguments.of(
                        guest(with(d, str("xen,enhanced", "maybe"))),
                        "/domain xen,enhanced: \"maybe\" not in {enabled, no-xenstore, disabled}; also arm64-only"),
                Arguments.of(
                        guest(with(d, empty("vpl011"))),
                        "/domain vpl011: arm64-only, but slipway,arch is x86_64"),
                Arguments.of(
                        guest(with(arm(d), u32("vpl011", 1))),
                        "/domain vpl011: length 4, expected an empty property"),
                Arguments.of(
                        guest(with(d, str("slipway,cpupool", ""))),
                        "/domain slipway,cpupool: must not be empty"),
                Arguments.of(
                        guest(with(d, u64("memroy", 0x80000))),
                        "/domain memroy: unknown property (not vendor-prefixed)"),
                Arguments.of(
                        guest(with(d, str("slipway,colour", "red"))),
                        "/domain slipway,colour: unknown property (prefix slipway, is interpreted, not passed through)"),
                Arguments.of(
                        guest(with(d, str("compatible", "acme,domain"))),
                        "/domain compatible: does not contain \"xen,domain\""),
                Arguments.of(
                        guest(
                                with(with(d, pci("0000:3b:00.0")), str("passthrough", "disabled")),
                                "slipway,pci-v1"),
                        "/domain passthrough: \"disabled\" but slipway,pci devices are present"),
                Arguments.of(
                        guest(
                                with(
                                        with(d, pci("0000:3b:00.0")),
                                        u64("slipway,max-memory", 0x100000)),
                                "slipway,pci-v1"),
                        "/domain slipway,max-memory: larger than memory (populate-on-demand) together with PCI passthrough"),
                Arguments.of(
                        new DeviceTree(
                                node("", str("compatible", "slipway,guest-v2"), node("domain", d))),
                        "/ compatible: first entry \"slipway,guest-v2\" is not \"slipway,guest-v1\""),
                Arguments.of(
                        new DeviceTree(node("", node("domain", d))),
                        "/ compatible: required property missing"),
                Arguments.of(
                        new DeviceTree(node("", str("compatible", "slipway,guest-v1"))),
                        "/: required node /domain missing"),
                Arguments.of(
                        new DeviceTree(
                                node(
                                        "",
                                        str("compatible", "slipway,guest-v1"),
                                        node("domain", d),
                                        node("chosen"))),
                        "/chosen: unknown node"),
                Arguments.of(
                        new DeviceTree(
                                List.of(new ReserveEntry(0x1000, 0x1000)), 0, guest(d).root()),
                        "/: memory reservation block must be empty in a guest description"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("singleErrors")
    void eachBrokenRuleGivesExactlyItsDiagnostic(DeviceTree tree, String expected) {
        assertThat(lines(tree)).isEqualTo(expected.equals("NONE") ? List.of() : List.of(expected));
    }

    @Test
    void structuralLimitsAreCheckedForTreesFromAnySource() {
        Node deep = node("leaf");
        for (int i = 0; i < 17; i++) {
            deep = node("acme,n" + i, deep);
        }
        List<Object> domain = with(pvhDomain(), node("acme," + "x".repeat(32)));
        domain = with(domain, str("acme,p" + "y".repeat(30), "v"));
        domain = new ArrayList<>(domain);
        domain.add(str("acme,p" + "y".repeat(30), "again"));
        List<String> lines =
                lines(
                        new DeviceTree(
                                node(
                                        "",
                                        str("compatible", "slipway,guest-v1"),
                                        node("domain", domain),
                                        deep)));
        assertThat(lines)
                .contains(
                        "/domain/acme," + "x".repeat(32) + ": node name longer than 31 characters",
                        "/domain acme,p"
                                + "y".repeat(30)
                                + ": property name longer than 31 characters; duplicate property")
                .anyMatch(l -> l.endsWith(": nested deeper than 16 levels"));
    }

    @Test
    void diagnosticsCarryThePropertyPositionOrTheNodePosition() {
        SourcePosition nodeAt = new SourcePosition("g.dts", 6, 5);
        SourcePosition memoryAt = new SourcePosition("g.dts", 12, 9);
        List<Object> domain = without(pvhDomain(), "cpus");
        domain = with(domain, new Property("memory", new byte[4], memoryAt));
        Node domainNode = node("domain", domain);
        domainNode = new Node("domain", domainNode.properties(), domainNode.children(), nodeAt);
        List<Diagnostic> diagnostics =
                GuestSchemaValidator.validate(
                        new DeviceTree(
                                node("", str("compatible", "slipway,guest-v1"), domainNode)));

        assertThat(diagnostics)
                .extracting(Diagnostic::property, Diagnostic::position)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("memory", memoryAt),
                        org.assertj.core.groups.Tuple.tuple("cpus", nodeAt));
        assertThat(diagnostics.get(0).toString()).startsWith("g.dts:");
    }

    @Test
    void vendorPassThroughNodesAreNotInterpretedWhateverTheyContain() {
        Node vendor =
                node(
                        "acme,numa",
                        str("compatible", "acme,numa-v3"),
                        u32("memory", 1),
                        node("nested", str("slipway,nonsense", "x")));
        assertThat(lines(guest(with(pvhDomain(), vendor)))).isEmpty();
    }
}
