package io.slipway.agent.hypervisor.libvirt;

import io.slipway.agent.hypervisor.HostResources;
import java.util.ArrayList;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.Device;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a libvirt host offers guests: its memory and CPUs less the reserve, its VFIO functions. */
final class HostProbe {
    private static final Logger log = LoggerFactory.getLogger(HostProbe.class);

    private HostProbe() {}

    static HostResources resources(Connect connect, LibvirtSettings settings, String arch)
            throws LibvirtException {
        NodeInfo node = connect.nodeInfo();
        long memory =
                settings.memoryKiB() != null
                        ? settings.memoryKiB()
                        : Math.max(node.memory - settings.reserveMemoryKiB(), 0);
        int cpus =
                settings.cpus() != null
                        ? settings.cpus()
                        : Math.max(node.cpus - settings.reserveCpus(), 1);
        List<String> pci =
                settings.pciFunctions() != null ? settings.pciFunctions() : vfioFunctions(connect);
        return new HostResources(arch.equals("aarch64") ? "arm64" : arch, memory, cpus, pci);
    }

    /**
     * PCI functions the host already set aside for passthrough (bound to {@code vfio-pci}): the
     * host's own disk and network controllers are never offered.
     */
    private static List<String> vfioFunctions(Connect connect) throws LibvirtException {
        List<String> out = new ArrayList<>();
        for (String name : connect.listDevices("pci")) {
            try {
                Device dev = connect.deviceLookupByName(name);
                if (dev.getXMLDescription().contains("<name>vfio-pci</name>")) {
                    out.add(Pci.sbdfOfNodeDevice(name));
                }
            } catch (LibvirtException e) {
                log.debug("pci device {} unreadable: {}", name, LibvirtConnection.message(e));
            }
        }
        return out.stream().sorted().toList();
    }

    /** The host's architecture in libvirt's words ({@code x86_64}, {@code aarch64}). */
    static String arch() {
        String os = System.getProperty("os.arch");
        return os.equals("amd64") || os.equals("x86_64") ? "x86_64" : os;
    }
}
