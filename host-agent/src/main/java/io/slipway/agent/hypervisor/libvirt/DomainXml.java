package io.slipway.agent.hypervisor.libvirt;

import io.slipway.protocol.GuestSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * What one libvirt domain XML says, read once: the facts the driver turns into a {@code
 * HostedDomain}. Devices Slipway plugged carry a user alias ({@code ua-vbd-xvda}, {@code ua-vif-0},
 * {@code ua-pci-...}), so they are told apart from anything libvirt adds by itself.
 */
record DomainXml(
        UUID uuid,
        String name,
        int id,
        long memoryKiB,
        long currentMemoryKiB,
        int vcpus,
        List<GuestSpec.VcpuPin> pins,
        String kernel,
        String initrd,
        String cmdline,
        Map<String, Element> devicesByAlias,
        Optional<SlipwayMetadata> metadata) {

    static final String ALIAS_PREFIX = "ua-";
    private static final Logger log = LoggerFactory.getLogger(DomainXml.class);

    static DomainXml parse(String xml) {
        Element root = Xml.parse(xml);
        String id = root.getAttribute("id");
        String memory = text(root, "memory");
        String current = text(root, "currentMemory");
        String vcpu = text(root, "vcpu");
        List<GuestSpec.VcpuPin> pins = new ArrayList<>();
        String kernel = null;
        String initrd = null;
        String cmdline = null;
        Map<String, Element> devices = new LinkedHashMap<>();
        Optional<SlipwayMetadata> metadata = Optional.empty();
        for (Element child : SlipwayMetadata.children(root)) {
            switch (child.getTagName()) {
                case "cputune" -> {
                    for (Element pin : SlipwayMetadata.children(child)) {
                        if (pin.getTagName().equals("vcpupin")) {
                            pins.add(
                                    new GuestSpec.VcpuPin(
                                            Integer.parseInt(pin.getAttribute("vcpu")),
                                            pin.getAttribute("cpuset")));
                        }
                    }
                }
                case "os" -> {
                    kernel = text(child, "kernel");
                    initrd = text(child, "initrd");
                    cmdline = text(child, "cmdline");
                }
                case "devices" -> {
                    for (Element device : SlipwayMetadata.children(child)) {
                        alias(device)
                                .filter(a -> a.startsWith(ALIAS_PREFIX))
                                .ifPresent(a -> devices.put(a.substring(3), device));
                    }
                }
                case "metadata" -> {
                    for (Element m : SlipwayMetadata.children(child)) {
                        if (SlipwayMetadata.NAMESPACE.equals(m.getNamespaceURI())) {
                            metadata = readable(m);
                        }
                    }
                }
                default -> {
                    // everything else is libvirt's own business
                }
            }
        }
        return new DomainXml(
                UUID.fromString(text(root, "uuid")),
                text(root, "name"),
                id.isEmpty() ? -1 : Integer.parseInt(id),
                memory == null ? 0 : Long.parseLong(memory),
                current == null ? 0 : Long.parseLong(current),
                vcpu == null ? 0 : Integer.parseInt(vcpu),
                List.copyOf(pins),
                kernel,
                initrd,
                cmdline,
                devices,
                metadata);
    }

    /**
     * An element in Slipway's namespace that Slipway did not write (by hand, or damaged) makes no
     * owner: the domain is then an orphan, left alone until an operator looks, rather than a reason
     * to stop reporting the whole host.
     */
    private static Optional<SlipwayMetadata> readable(Element m) {
        try {
            return Optional.of(SlipwayMetadata.parse(m));
        } catch (IllegalArgumentException e) {
            log.warn(
                    "unreadable Slipway metadata, treating the domain as unowned: {}",
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Device ids ({@code vbd/xvda}, {@code vif/0}) of the PV devices Slipway plugged. */
    List<String> pvDevices() {
        return devicesByAlias.keySet().stream()
                .filter(a -> a.startsWith("vbd-") || a.startsWith("vif-"))
                .map(a -> a.substring(0, 3) + "/" + a.substring(4))
                .toList();
    }

    /** SBDFs of the PCI functions passed through by Slipway. */
    List<String> hostdevs() {
        return devicesByAlias.keySet().stream()
                .filter(a -> a.startsWith("pci-"))
                .map(Pci::sbdfOfAlias)
                .toList();
    }

    private static Optional<String> alias(Element device) {
        for (Element child : SlipwayMetadata.children(device)) {
            if (child.getTagName().equals("alias")) {
                return Optional.of(child.getAttribute("name"));
            }
        }
        return Optional.empty();
    }

    /** The text of the first child element named {@code tag}, or null. */
    private static String text(Element parent, String tag) {
        for (Element child : SlipwayMetadata.children(parent)) {
            if (child.getTagName().equals(tag)) {
                return child.getTextContent().trim();
            }
        }
        return null;
    }
}
