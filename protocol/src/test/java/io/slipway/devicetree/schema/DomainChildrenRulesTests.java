package io.slipway.devicetree.schema;

import static io.slipway.devicetree.schema.Trees.bytes;
import static io.slipway.devicetree.schema.Trees.guest;
import static io.slipway.devicetree.schema.Trees.node;
import static io.slipway.devicetree.schema.Trees.pci;
import static io.slipway.devicetree.schema.Trees.pvhDomain;
import static io.slipway.devicetree.schema.Trees.str;
import static io.slipway.devicetree.schema.Trees.u32;
import static io.slipway.devicetree.schema.Trees.with;
import static io.slipway.devicetree.schema.Trees.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of the children of {@code /domain}: vCPUs, boot modules and devices. */
class DomainChildrenRulesTests {
    private static final String SHA = "sha256:" + "ab".repeat(32);

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

    private static Node disks(Node... vbds) {
        List<Object> members =
                new ArrayList<>(List.of(u32("#address-cells", 1), u32("#size-cells", 0)));
        members.addAll(List.of(vbds));
        return node("disks", members);
    }

    private static Node vbd(String name, long reg, String vdev, String mode) {
        return node(
                name,
                str("compatible", "slipway,vbd"),
                u32("reg", reg),
                str("slipway,vdev", vdev),
                str("slipway,volume", "vol"),
                str("slipway,mode", mode));
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

    static Stream<Arguments> singleErrors() {
        List<Object> d = pvhDomain();
        return Stream.of(
                Arguments.of(
                        guest(with(d, node("gadget", u32("x", 1)))),
                        "/domain/gadget: unknown node"),
                Arguments.of(
                        guest(without(d, "kernel")),
                        "/domain: guest-type pvh requires a multiboot,kernel module"),
                Arguments.of(
                        guest(
                                with(
                                        with(without(d, "kernel"), str("slipway,guest-type", "pv")),
                                        module("rd", "ramdisk"))),
                        "/domain: guest-type pv requires a multiboot,kernel module"),
                Arguments.of(
                        guest(with(d, module("kernel2", "kernel"))),
                        "/domain/kernel2: more than one multiboot,kernel module"),
                Arguments.of(
                        guest(
                                with(
                                        d,
                                        node(
                                                "rd",
                                                str(
                                                        "compatible",
                                                        "multiboot,ramdisk",
                                                        "multiboot,module"),
                                                str("slipway,artifact", SHA),
                                                str("bootargs", "x")))),
                        "/domain/rd bootargs: only allowed on the multiboot,kernel module"),
                Arguments.of(
                        guest(
                                with(
                                        d,
                                        node(
                                                "rd",
                                                str("compatible", "multiboot,ramdisk"),
                                                str("slipway,artifact", SHA)))),
                        "/domain/rd compatible: does not contain \"multiboot,module\""),
                Arguments.of(
                        guest(
                                with(
                                        d,
                                        node(
                                                "rd",
                                                str(
                                                        "compatible",
                                                        "multiboot,ramdisk",
                                                        "multiboot,module"),
                                                str("slipway,artifact", "sha256:xyz")))),
                        "/domain/rd slipway,artifact: not sha256:<64 hex digits>"),
                Arguments.of(
                        guest(with(d, module("dtb", "device-tree"))),
                        "/domain/dtb: multiboot,device-tree modules are arm64-only"),
                Arguments.of(
                        guest(with(with(d, vcpu("v0", 0, null)), vcpu("v1", 0, null))),
                        "/domain/v1 id: duplicate vCPU id 0"),
                Arguments.of(
                        guest(with(d, vcpu("v1", 1, null))),
                        "/domain/v1 id: id 1 not below cpus (1)"),
                Arguments.of(
                        guest(with(d, vcpu("v0", 0, "0-"))),
                        "/domain/v0 hard-affinity: malformed range \"0-\""),
                Arguments.of(
                        guest(with(d, vcpu("v0", 0, "1, 2"))),
                        "/domain/v0 hard-affinity: malformed range \" 2\""),
                Arguments.of(
                        guest(with(d, vcpu("v0", 0, "7-3"))),
                        "/domain/v0 hard-affinity: descending range \"7-3\""),
                Arguments.of(
                        guest(with(d, node("v0", str("compatible", "xen,vcpu")))),
                        "/domain/v0 id: required property missing"),
                Arguments.of(
                        guest(with(d, disks(vbd("vbd@1", 0, "xvda", "rw")))),
                        "/domain/disks/vbd@1 reg: <0> does not match unit address @1"),
                Arguments.of(guest(with(d, disks(vbd("vbd@a", 10, "xvda", "rw")))), "NONE"),
                Arguments.of(
                        guest(with(d, disks(vbd("vbd", 0, "xvda", "rw")))),
                        "/domain/disks/vbd: unit address missing, expected vbd@N"),
                Arguments.of(
                        guest(with(d, disks(vbd("disk@0", 0, "xvda", "rw")))),
                        "/domain/disks/disk@0: node name must be vbd@N"),
                Arguments.of(
                        guest(with(d, disks(vbd("vbd@0", 0, "xvda", "rx")))),
                        "/domain/disks/vbd@0 slipway,mode: \"rx\" not in {rw, ro}"),
                Arguments.of(
                        guest(with(d, disks(vbd("vbd@0", 0, "XVDA", "rw")))),
                        "/domain/disks/vbd@0 slipway,vdev: \"XVDA\" is not a virtual disk name like xvda"),
                Arguments.of(
                        guest(
                                with(
                                        d,
                                        disks(
                                                vbd("vbd@0", 0, "xvda", "rw"),
                                                vbd("vbd@1", 1, "xvda", "ro")))),
                        "/domain/disks/vbd@1 slipway,vdev: duplicate of /domain/disks/vbd@0"),
                Arguments.of(
                        guest(
                                with(
                                        d,
                                        node(
                                                "disks",
                                                u32("#address-cells", 2),
                                                u32("#size-cells", 0)))),
                        "/domain/disks #address-cells: must be <1>, found <2>"),
                Arguments.of(
                        guest(with(d, node("disks", u32("#address-cells", 1)))),
                        "/domain/disks #size-cells: required property missing"),
                Arguments.of(
                        guest(with(d, disks(node("thing@0", u32("reg", 0))))),
                        "/domain/disks/thing@0: unknown node"),
                Arguments.of(
                        guest(with(d, vbd("vbd@0", 0, "xvdb", "rw"))),
                        "/domain/vbd@0: slipway,vbd device outside /domain/disks"),
                Arguments.of(
                        guest(with(d, nics(u32("slipway,mtu", 10)))),
                        "/domain/nics/vif@0 slipway,mtu: 10 not in 68..65535"),
                Arguments.of(
                        guest(with(d, nics(bytes("local-mac-address", 1, 2, 3, 4, 5, 6)))),
                        "/domain/nics/vif@0 local-mac-address: multicast address, expected a unicast MAC"),
                Arguments.of(
                        guest(with(d, nics(bytes("local-mac-address", 2, 2, 3)))),
                        "/domain/nics/vif@0 local-mac-address: length 3, expected 6"),
                Arguments.of(guest(with(d, pci("0000:3b:00.0")), "slipway,pci-v1"), "NONE"),
                Arguments.of(
                        guest(with(d, pci("0000:3b:00.0"))),
                        "/ slipway,required-extensions: slipway,pci devices are present but slipway,pci-v1 is not listed"),
                Arguments.of(
                        guest(with(d, pci("0000:3b:00.0")), "acme,x"),
                        "/ slipway,required-extensions: extension acme,x is not supported; slipway,pci devices are present but slipway,pci-v1 is not listed"),
                Arguments.of(
                        guest(with(d, pci("0000:3B:00.0")), "slipway,pci-v1"),
                        "/domain/pci/dev@0 slipway,sbdf: \"0000:3B:00.0\" does not match SSSS:BB:DD.F"),
                Arguments.of(
                        guest(with(d, pci("0000:3b:20.0")), "slipway,pci-v1"),
                        "/domain/pci/dev@0 slipway,sbdf: \"0000:3b:20.0\" does not match SSSS:BB:DD.F"),
                Arguments.of(
                        guest(with(d, pci("0000:3b:00.0", "0000:3b:00.0")), "slipway,pci-v1"),
                        "/domain/pci/dev@1 slipway,sbdf: duplicate of /domain/pci/dev@0"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("singleErrors")
    void eachBrokenRuleGivesExactlyItsDiagnostic(DeviceTree tree, String expected) {
        assertThat(GuestSchemaValidatorTests.lines(tree))
                .isEqualTo(expected.equals("NONE") ? List.of() : List.of(expected));
    }
}
