package io.slipway.agent.step;

import io.slipway.agent.hypervisor.PvDevice;
import io.slipway.protocol.GuestSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a guest spec turns into on the hypervisor: device names, boot images, store tree. */
final class GuestLayout {
    private GuestLayout() {}

    /** PV devices in plug order: {@code vbd/<vdev>} then {@code vif/<index>}. */
    static List<PvDevice> pvDevices(GuestSpec spec) {
        List<PvDevice> out = new ArrayList<>();
        for (GuestSpec.BlockDevice b : spec.blockDevices()) {
            out.add(new PvDevice("vbd/" + b.vdev(), b.volume(), "ro".equals(b.mode()), null, 0));
        }
        for (int i = 0; i < spec.networkInterfaces().size(); i++) {
            GuestSpec.NetworkInterface nic = spec.networkInterfaces().get(i);
            out.add(new PvDevice("vif/" + i, nic.network(), false, nic.mac(), nic.mtu()));
        }
        return out;
    }

    /** The ids of {@link #pvDevices}, as the hypervisor lists them. */
    static List<String> pvDeviceIds(GuestSpec spec) {
        return pvDevices(spec).stream().map(PvDevice::id).toList();
    }

    static List<String> bootImages(GuestSpec spec) {
        return spec.bootModules().stream().map(GuestSpec.BootModule::artifact).toList();
    }

    /** One port per PV device plus console and store. */
    static int eventChannels(GuestSpec spec) {
        return 2 + pvDevices(spec).size();
    }

    static Map<String, String> storeTree(GuestSpec spec, int domid) {
        String base = "/local/domain/" + domid;
        Map<String, String> tree = new LinkedHashMap<>();
        tree.put(base + "/name", spec.name());
        tree.put(base + "/vm", "/vm/" + spec.handle());
        tree.put(base + "/memory/target", Long.toString(spec.memoryKiB()));
        tree.put(base + "/cpu/count", Integer.toString(spec.vcpus()));
        for (String device : pvDeviceIds(spec)) {
            tree.put(base + "/device/" + device + "/state", "1");
        }
        return tree;
    }
}
