package io.slipway.agent.hypervisor.libvirt;

import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.protocol.GuestSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * The persistent libvirt domain Slipway defines for a guest: before CONFIGURE_DOMAIN a placeholder
 * shell (the smallest memory and one vCPU: libvirt has no domain without them), afterwards the
 * configured limits, affinity and direct-boot images. Memory is allocated when QEMU starts ({@code
 * allocation mode='immediate'}), which is what makes POPULATE_MEMORY real; there is no balloon, so
 * the guest holds exactly what was populated.
 */
final class DomainDefinition {
    static final long SHELL_MEMORY_KIB = 32 * 1024;

    private DomainDefinition() {}

    static String name(DomainHandle handle) {
        return "slipway-" + handle;
    }

    /**
     * @param boot paths of verified artifacts by boot module kind ({@code kernel}, {@code ramdisk},
     *     {@code device-tree}); empty for the shell
     */
    static String render(
            DomainHandle handle,
            String domainType,
            String arch,
            SlipwayMetadata metadata,
            DomainConfig config,
            Map<String, Path> boot,
            Path console) {
        boolean configured = config.maxVcpus() > 0;
        long memory = configured ? config.maxMemoryKiB() : SHELL_MEMORY_KIB;
        long current = configured ? config.targetPages() * 4 : SHELL_MEMORY_KIB;
        int vcpus = configured ? config.maxVcpus() : 1;
        StringBuilder x = new StringBuilder();
        x.append("<domain type='").append(domainType).append("'>");
        x.append("<name>").append(name(handle)).append("</name>");
        x.append("<uuid>").append(handle).append("</uuid>");
        x.append("<metadata><")
                .append(SlipwayMetadata.PREFIX)
                .append(":domain xmlns:")
                .append(SlipwayMetadata.PREFIX)
                .append("='")
                .append(SlipwayMetadata.NAMESPACE)
                .append("'")
                .append(prefixed(metadata.toXml()))
                .append("</metadata>");
        x.append("<memory unit='KiB'>").append(memory).append("</memory>");
        x.append("<currentMemory unit='KiB'>").append(current).append("</currentMemory>");
        x.append("<memoryBacking><allocation mode='immediate'/></memoryBacking>");
        x.append("<vcpu placement='static'>").append(vcpus).append("</vcpu>");
        if (configured && !config.vcpuPins().isEmpty()) {
            x.append("<cputune>");
            for (GuestSpec.VcpuPin pin : config.vcpuPins()) {
                x.append("<vcpupin vcpu='")
                        .append(pin.vcpu())
                        .append("' cpuset='")
                        .append(Xml.escape(pin.cpuset()))
                        .append("'/>");
            }
            x.append("</cputune>");
        }
        x.append("<os><type arch='")
                .append(arch)
                .append("' machine='")
                .append(arch.equals("aarch64") ? "virt" : "pc")
                .append("'>hvm</type>");
        element(x, "kernel", boot.get("kernel"));
        element(x, "initrd", boot.get("ramdisk"));
        element(x, "dtb", boot.get("device-tree"));
        config.boot().stream()
                .filter(m -> m.kind().equals("kernel") && m.bootargs() != null)
                .findFirst()
                .ifPresent(
                        m ->
                                x.append("<cmdline>")
                                        .append(Xml.escape(m.bootargs()))
                                        .append("</cmdline>"));
        x.append("</os>");
        x.append("<features><acpi/></features>");
        // A guest that powers off is gone for good (the destroy plan then finds it stopped);
        // a guest that reboots stays the same domain.
        x.append("<on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot>");
        x.append("<on_crash>destroy</on_crash>");
        x.append("<devices>");
        x.append("<serial type='file'><source path='")
                .append(Xml.escape(console.toString()))
                .append("'/><target port='0'/></serial>");
        x.append("<memballoon model='none'/>");
        x.append("</devices></domain>");
        return x.toString();
    }

    private static void element(StringBuilder x, String tag, Path value) {
        if (value != null) {
            x.append('<')
                    .append(tag)
                    .append('>')
                    .append(Xml.escape(value.toString()))
                    .append("</")
                    .append(tag)
                    .append('>');
        }
    }

    /**
     * The metadata element as {@link SlipwayMetadata#toXml} writes it for {@code
     * virDomainSetMetadata}, with Slipway's prefix on every element: the domain XML needs it
     * explicit.
     */
    private static String prefixed(String xml) {
        String p = SlipwayMetadata.PREFIX + ":";
        // toXml writes <domain ...>...</domain>; the opening tag name is already in the caller.
        String body = xml.substring("<domain".length());
        return body.replace("</", "</" + p).replaceAll("<(?!/)", "<" + p);
    }
}
