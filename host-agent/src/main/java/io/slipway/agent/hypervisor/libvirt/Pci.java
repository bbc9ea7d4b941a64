package io.slipway.agent.hypervisor.libvirt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One PCI function's names: SBDF, libvirt node device, device alias, hostdev XML. */
final class Pci {
    private static final Pattern SBDF =
            Pattern.compile("([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\\.([0-7])");

    private Pci() {}

    /** {@code 0000:3b:00.0} → {@code pci_0000_3b_00_0}, libvirt's node device name. */
    static String nodeDevice(String sbdf) {
        Matcher m = parse(sbdf);
        return "pci_" + m.group(1) + "_" + m.group(2) + "_" + m.group(3) + "_" + m.group(4);
    }

    /** The inverse of {@link #nodeDevice}. */
    static String sbdfOfNodeDevice(String name) {
        String[] p = name.substring("pci_".length()).split("_");
        return p[0] + ":" + p[1] + ":" + p[2] + "." + p[3];
    }

    static String alias(String sbdf) {
        return "pci-" + nodeDevice(sbdf).substring(4);
    }

    static String sbdfOfAlias(String alias) {
        return sbdfOfNodeDevice("pci_" + alias.substring("pci-".length()));
    }

    /** A managed hostdev: libvirt detaches the function from its host driver and resets it. */
    static String hostdevXml(String sbdf) {
        Matcher m = parse(sbdf);
        return "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x"
                + m.group(1)
                + "' bus='0x"
                + m.group(2)
                + "' slot='0x"
                + m.group(3)
                + "' function='0x"
                + m.group(4)
                + "'/></source><alias name='"
                + DomainXml.ALIAS_PREFIX
                + alias(sbdf)
                + "'/></hostdev>";
    }

    private static Matcher parse(String sbdf) {
        Matcher m = SBDF.matcher(sbdf);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PCI function address: " + sbdf);
        }
        return m;
    }
}
