package io.slipway.devicetree.guest;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import io.slipway.protocol.GuestSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Derives the {@link GuestSpec} from a tree that passed the schema. Only called on valid trees, so
 * a missing required property here is a bug and fails loudly.
 */
final class GuestSpecs {
    static final String DEFAULT_RESET = "flr";
    static final int DEFAULT_RESET_TIMEOUT_MS = 60000;

    private GuestSpecs() {}

    static GuestSpec derive(DeviceTree tree) {
        Node domain = tree.root().child("domain").orElseThrow();
        ByteBuffer uuid = ByteBuffer.wrap(required(domain, "domain-uuid").value());
        long memory = u64(domain, "memory").orElseThrow();
        List<GuestSpec.BootModule> modules = new ArrayList<>();
        for (Node child : domain.children()) {
            bootModuleKind(child)
                    .ifPresent(
                            kind ->
                                    modules.add(
                                            new GuestSpec.BootModule(
                                                    kind,
                                                    string(child, "slipway,artifact")
                                                            .orElseThrow()
                                                            .toLowerCase(Locale.ROOT),
                                                    string(child, "bootargs").orElse(null))));
        }
        return new GuestSpec(
                new UUID(uuid.getLong(), uuid.getLong()),
                string(domain, "slipway,name").orElseThrow(),
                string(domain, "slipway,arch").orElseThrow(),
                string(domain, "slipway,guest-type").orElseThrow(),
                memory,
                u64(domain, "slipway,max-memory").orElse(memory),
                (int) (long) u32(domain, "cpus").orElseThrow(),
                modules,
                devices(domain, "pci", "slipway,pci", GuestSpecs::pciFunction),
                devices(domain, "disks", "slipway,vbd", GuestSpecs::blockDevice),
                devices(domain, "nics", "slipway,vif", GuestSpecs::networkInterface),
                vcpuPins(domain));
    }

    /** The {@code xen,vcpu} nodes that carry a hard affinity, by vCPU id. */
    private static List<GuestSpec.VcpuPin> vcpuPins(Node domain) {
        return domain.children().stream()
                .filter(n -> compatible(n).contains("xen,vcpu"))
                .filter(n -> n.property("hard-affinity").isPresent())
                .map(
                        n ->
                                new GuestSpec.VcpuPin(
                                        (int) (long) u32(n, "id").orElseThrow(),
                                        string(n, "hard-affinity").orElseThrow()))
                .sorted(Comparator.comparingInt(GuestSpec.VcpuPin::vcpu))
                .toList();
    }

    private static Optional<String> bootModuleKind(Node node) {
        List<String> compatible = compatible(node);
        if (compatible.contains("xen,vcpu")) {
            return Optional.empty(); // the validator reads such a node as a vCPU
        }
        for (String kind : List.of("kernel", "ramdisk", "device-tree")) {
            if (compatible.contains("multiboot," + kind)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The devices of one container in plug order ({@code reg}); vendor nodes are skipped. */
    private static <T> List<T> devices(
            Node domain, String container, String compatible, Function<Node, T> mapper) {
        return domain.child(container).map(Node::children).orElse(List.of()).stream()
                .filter(d -> compatible(d).contains(compatible))
                .sorted(Comparator.comparingLong(d -> u32(d, "reg").orElseThrow()))
                .map(mapper)
                .toList();
    }

    private static List<String> compatible(Node node) {
        return node.property("compatible").flatMap(Property::strings).orElse(List.of());
    }

    private static GuestSpec.PciFunction pciFunction(Node dev) {
        return new GuestSpec.PciFunction(
                string(dev, "slipway,sbdf").orElseThrow(),
                string(dev, "slipway,reset").orElse(DEFAULT_RESET),
                u32(dev, "slipway,reset-timeout-ms")
                        .map(Long::intValue)
                        .orElse(DEFAULT_RESET_TIMEOUT_MS));
    }

    private static GuestSpec.BlockDevice blockDevice(Node vbd) {
        return new GuestSpec.BlockDevice(
                string(vbd, "slipway,vdev").orElseThrow(),
                string(vbd, "slipway,volume").orElseThrow(),
                string(vbd, "slipway,mode").orElseThrow(),
                vbd.property("slipway,bootable").isPresent());
    }

    private static GuestSpec.NetworkInterface networkInterface(Node vif) {
        return new GuestSpec.NetworkInterface(
                string(vif, "slipway,network").orElseThrow(),
                vif.property("local-mac-address")
                        .map(p -> HexFormat.ofDelimiter(":").formatHex(p.value()))
                        .orElse(null),
                u32(vif, "slipway,mtu").map(Long::intValue).orElse(0));
    }

    private static Property required(Node node, String name) {
        return node.property(name).orElseThrow();
    }

    private static Optional<String> string(Node node, String name) {
        return node.property(name).flatMap(Property::string);
    }

    private static Optional<Long> u32(Node node, String name) {
        return node.property(name).flatMap(Property::u32);
    }

    private static Optional<Long> u64(Node node, String name) {
        return node.property(name).flatMap(Property::u64);
    }
}
