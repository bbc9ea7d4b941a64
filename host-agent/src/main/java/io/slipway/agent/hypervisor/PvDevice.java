package io.slipway.agent.hypervisor;

import java.util.Objects;

/**
 * A paravirtual device to plug: a disk ({@code vbd/<vdev>}) or a network interface ({@code
 * vif/<index>}). The hypervisor knows it by {@link #id} afterwards.
 *
 * @param source a disk's volume, a NIC's network
 * @param readOnly a disk the guest may not write
 * @param mac a NIC's address, null to let the hypervisor choose
 * @param mtu a NIC's MTU, 0 for the default
 */
public record PvDevice(String id, String source, boolean readOnly, String mac, int mtu) {
    public PvDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        if (!id.startsWith("vbd/") && !id.startsWith("vif/")) {
            throw new IllegalArgumentException("not a PV device id: " + id);
        }
    }

    public boolean disk() {
        return id.startsWith("vbd/");
    }

    /** A disk's name in the guest ({@code xvda}), a NIC's index ({@code 0}). */
    public String name() {
        return id.substring(4);
    }

    /** A disk, for tests and tools that need only the id. */
    public static PvDevice disk(String vdev, String volume) {
        return new PvDevice("vbd/" + vdev, volume, false, null, 0);
    }

    /** A network interface on {@code network}. */
    public static PvDevice nic(int index, String network) {
        return new PvDevice("vif/" + index, network, false, null, 0);
    }
}
