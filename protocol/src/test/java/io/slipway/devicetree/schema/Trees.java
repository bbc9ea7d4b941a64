package io.slipway.devicetree.schema;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds device trees in code for tests: terse property constructors and a valid guest. */
public final class Trees {
    private Trees() {}

    public static DeviceTree tree(Object... rootMembers) {
        return new DeviceTree(node("", rootMembers));
    }

    /** A node from a mix of {@link Property} and {@link Node} members, in order. */
    public static Node node(String name, Object... members) {
        return node(name, List.of(members));
    }

    public static Node node(String name, List<?> members) {
        List<Property> properties = new ArrayList<>();
        List<Node> children = new ArrayList<>();
        for (Object member : members) {
            if (member instanceof Property p) {
                properties.add(p);
            } else {
                children.add((Node) member);
            }
        }
        return new Node(name, properties, children);
    }

    public static Property u32(String name, long... cells) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * cells.length);
        for (long cell : cells) {
            buffer.putInt((int) cell);
        }
        return new Property(name, buffer.array());
    }

    public static Property u64(String name, long value) {
        return new Property(name, ByteBuffer.allocate(8).putLong(value).array());
    }

    public static Property str(String name, String... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : strings) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return new Property(name, out.toByteArray());
    }

    public static Property bytes(String name, int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return new Property(name, out);
    }

    public static Property empty(String name) {
        return new Property(name, new byte[0]);
    }

    /** The members of a valid x86_64 PVH {@code /domain} with one kernel and one disk. */
    public static List<Object> pvhDomain() {
        List<Object> members = new ArrayList<>();
        members.add(str("compatible", "xen,domain"));
        members.add(
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
                        0x66));
        members.add(str("slipway,name", "tiny-01"));
        members.add(str("slipway,arch", "x86_64"));
        members.add(str("slipway,guest-type", "pvh"));
        members.add(u64("memory", 0x80000));
        members.add(u32("cpus", 1));
        members.add(
                node(
                        "kernel",
                        str("compatible", "multiboot,kernel", "multiboot,module"),
                        str("slipway,artifact", "sha256:" + "ab".repeat(32)),
                        str("bootargs", "console=hvc0")));
        members.add(
                node(
                        "disks",
                        u32("#address-cells", 1),
                        u32("#size-cells", 0),
                        node(
                                "vbd@0",
                                str("compatible", "slipway,vbd"),
                                u32("reg", 0),
                                str("slipway,vdev", "xvda"),
                                str("slipway,volume", "vol-7f3e"),
                                str("slipway,mode", "rw"),
                                empty("slipway,bootable"))));
        return members;
    }

    /** A PCI container with one function per sbdf, {@code dev@0}, {@code dev@1}, ... */
    public static Node pci(String... sbdfs) {
        List<Object> members = new ArrayList<>();
        members.add(u32("#address-cells", 1));
        members.add(u32("#size-cells", 0));
        for (int i = 0; i < sbdfs.length; i++) {
            members.add(
                    node(
                            "dev@" + i,
                            str("compatible", "slipway,pci"),
                            u32("reg", i),
                            str("slipway,sbdf", sbdfs[i])));
        }
        return node("pci", members);
    }

    /** A guest whose {@code /domain} has {@code domainMembers}, with the given root extensions. */
    public static DeviceTree guest(List<Object> domainMembers, String... extensions) {
        List<Object> root = new ArrayList<>();
        root.add(str("compatible", "slipway,guest-v1"));
        if (extensions.length > 0) {
            root.add(str("slipway,required-extensions", extensions));
        }
        root.add(node("domain", domainMembers));
        return new DeviceTree(node("", root));
    }

    /** Replaces the member with the same name, or appends when there is none. */
    public static List<Object> with(List<Object> members, Object replacement) {
        List<Object> out = new ArrayList<>(without(members, nameOf(replacement)));
        int index = indexOf(members, nameOf(replacement));
        out.add(index < 0 ? out.size() : index, replacement);
        return out;
    }

    public static List<Object> without(List<Object> members, String name) {
        return members.stream().filter(m -> !nameOf(m).equals(name)).toList();
    }

    private static int indexOf(List<Object> members, String name) {
        for (int i = 0; i < members.size(); i++) {
            if (nameOf(members.get(i)).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String nameOf(Object member) {
        return member instanceof Property p ? p.name() : ((Node) member).name();
    }
}
