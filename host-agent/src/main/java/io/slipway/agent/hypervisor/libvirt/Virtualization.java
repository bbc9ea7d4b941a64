package io.slipway.agent.hypervisor.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Which libvirt domain type guests get: {@code kvm} only where the host CPU itself advertises
 * hardware virtualization ({@code vmx}/{@code svm}) and {@code /dev/kvm} can be opened, {@code
 * qemu} (TCG emulation) otherwise. A nested VM may offer a working {@code /dev/kvm} without the
 * flag; on such machines KVM runs firmware but stops in a Linux kernel's decompressor, so the flag
 * is the safer sign (see LIBVIRT-NOTES).
 */
final class Virtualization {
    private static final Pattern HW_FLAG =
            Pattern.compile("^flags\\s*:.*\\b(vmx|svm)\\b", Pattern.MULTILINE);

    private Virtualization() {}

    /** {@code kvm} or {@code qemu}, for the domain XML's {@code type}. */
    static String domainType(LibvirtSettings.Virtualization wanted, String capabilities) {
        return switch (wanted) {
            case KVM -> "kvm";
            case TCG -> "qemu";
            case AUTO -> capabilities.contains("domain type='kvm'") && kvmUsable() ? "kvm" : "qemu";
        };
    }

    static String describe(String domainType) {
        return domainType.equals("kvm") ? "kvm" : "tcg";
    }

    private static boolean kvmUsable() {
        Path dev = Path.of("/dev/kvm");
        if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
            return false;
        }
        try {
            return HW_FLAG.matcher(Files.readString(Path.of("/proc/cpuinfo"))).find();
        } catch (IOException e) {
            return false;
        }
    }
}
