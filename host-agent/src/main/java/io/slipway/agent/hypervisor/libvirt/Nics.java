package io.slipway.agent.hypervisor.libvirt;

import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.agent.hypervisor.PvDevice;
import io.slipway.protocol.FailureCode;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * A guest NIC as a libvirt interface: on the libvirt network of the description's name, or, for the
 * network {@code user}, QEMU's user-mode networking (one machine, no bridge, for demos).
 */
final class Nics {
    static final String USER_NETWORK = "user";

    private Nics() {}

    static String xml(Connect connect, PvDevice nic) {
        StringBuilder x = new StringBuilder();
        if (nic.source().equals(USER_NETWORK)) {
            x.append("<interface type='user'>");
        } else {
            try {
                connect.networkLookupByName(nic.source());
            } catch (LibvirtException e) {
                throw new HypervisorException(
                        FailureCode.HYPERVISOR_ERROR,
                        false,
                        "host has no libvirt network " + nic.source() + " for " + nic.id());
            }
            x.append("<interface type='network'><source network='")
                    .append(Xml.escape(nic.source()))
                    .append("'/>");
        }
        if (nic.mac() != null) {
            x.append("<mac address='").append(Xml.escape(nic.mac())).append("'/>");
        }
        if (nic.mtu() > 0) {
            x.append("<mtu size='").append(nic.mtu()).append("'/>");
        }
        x.append("<model type='virtio'/><alias name='")
                .append(DomainXml.ALIAS_PREFIX)
                .append("vif-")
                .append(nic.name())
                .append("'/></interface>");
        return x.toString();
    }
}
