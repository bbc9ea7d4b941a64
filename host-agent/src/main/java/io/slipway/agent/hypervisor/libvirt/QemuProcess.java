package io.slipway.agent.hypervisor.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The QEMU process of a local domain, as libvirtd's pid file names it: read only to report how much
 * guest memory a starting QEMU has allocated so far.
 */
final class QemuProcess {
    private static final Path RUN_DIR = Path.of("/run/libvirt/qemu");

    private QemuProcess() {}

    /** Pages of 4 KiB the process holds now; 0 when it is not (yet) there or not local. */
    static long residentPages(String domainName) {
        try {
            String pid = Files.readString(RUN_DIR.resolve(domainName + ".pid")).trim();
            if (!pid.matches("[0-9]{1,10}")) {
                return 0;
            }
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 4;
                }
            }
            return 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
