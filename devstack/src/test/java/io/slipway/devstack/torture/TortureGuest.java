package io.slipway.devstack.torture;

import io.slipway.testsupport.Guests;
import java.util.List;
import java.util.UUID;

/**
 * Guest descriptions that make every agent step really act: memory to populate (checkpointed in
 * extents), a disk and a NIC (two PV devices, so attaching them passes a checkpoint), and
 * optionally PCI functions (two of them, so assigning and detaching pass a checkpoint). The guest
 * UUID (the hypervisor handle) is fresh on every call.
 */
final class TortureGuest {
    /** The two PCI functions a matrix guest takes; every {@code HostProfile.DEV} host has them. */
    static final List<String> MATRIX_PCI = List.of("0000:af:00.0", "0000:af:00.1");

    private TortureGuest() {}

    /** The matrix guest: 4 GiB, a disk, a NIC and the two {@link #MATRIX_PCI} functions. */
    static String matrix(String name) {
        return dts(name, 4L << 20, MATRIX_PCI);
    }

    /**
     * DTS text of one guest.
     *
     * @param pci PCI functions (SBDFs) to pass through, possibly none
     */
    static String dts(String name, long memoryKiB, List<String> pci) {
        StringBuilder sb = new StringBuilder("/dts-v1/;\n/ {\n");
        sb.append("    compatible = \"slipway,guest-v1\";\n");
        if (!pci.isEmpty()) {
            sb.append("    slipway,required-extensions = \"slipway,pci-v1\";\n");
        }
        sb.append("    domain {\n");
        sb.append("        compatible = \"xen,domain\";\n");
        sb.append("        domain-uuid = ")
                .append(Guests.uuidBytes(UUID.randomUUID()))
                .append(";\n");
        sb.append("        slipway,name = \"").append(name).append("\";\n");
        sb.append("        slipway,arch = \"x86_64\";\n");
        sb.append("        slipway,guest-type = \"hvm\";\n");
        sb.append(
                String.format(
                        "        memory = <0x%x 0x%x>;%n",
                        memoryKiB >>> 32, memoryKiB & 0xffffffffL));
        sb.append("        cpus = <1>;\n");
        if (!pci.isEmpty()) {
            sb.append("        passthrough = \"enabled\";\n");
        }
        sb.append("        kernel {\n");
        sb.append("            compatible = \"multiboot,kernel\", \"multiboot,module\";\n");
        sb.append(
                "            slipway,artifact ="
                        + " \"sha256:9b1c2e4f0d3a5b6c7d8e9f00112233445566778899aabbccddeeff0011223344\";\n");
        sb.append("        };\n");
        if (!pci.isEmpty()) {
            sb.append("        pci {\n            #address-cells = <1>;\n");
            sb.append("            #size-cells = <0>;\n");
            for (int i = 0; i < pci.size(); i++) {
                sb.append("            dev@").append(i).append(" {\n");
                sb.append("                compatible = \"slipway,pci\";\n");
                sb.append("                reg = <").append(i).append(">;\n");
                sb.append("                slipway,sbdf = \"").append(pci.get(i)).append("\";\n");
                sb.append("            };\n");
            }
            sb.append("        };\n");
        }
        sb.append("        disks {\n            #address-cells = <1>;\n");
        sb.append("            #size-cells = <0>;\n");
        sb.append("            vbd@0 {\n                compatible = \"slipway,vbd\";\n");
        sb.append("                reg = <0>;\n                slipway,vdev = \"xvda\";\n");
        sb.append("                slipway,volume = \"vol-").append(name).append("\";\n");
        sb.append("                slipway,mode = \"rw\";\n                slipway,bootable;\n");
        sb.append("            };\n        };\n");
        sb.append("        nics {\n            #address-cells = <1>;\n");
        sb.append("            #size-cells = <0>;\n");
        sb.append("            vif@0 {\n                compatible = \"slipway,vif\";\n");
        sb.append("                reg = <0>;\n                slipway,network = \"torture\";\n");
        sb.append("            };\n        };\n");
        sb.append("    };\n};\n");
        return sb.toString();
    }
}
