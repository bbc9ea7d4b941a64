package io.slipway.agent.hypervisor.libvirt;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.agent.hypervisor.PvDevice;
import io.slipway.agent.hypervisor.artifacts.ArtifactStore;
import io.slipway.protocol.FailureCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A guest disk as a libvirt virtio disk. Its volume is either an image in the artifact store
 * ({@code sha256:…}, verified by hash) or a named volume under {@code ARTIFACTS/volumes}. A
 * read-write disk on a store image gets its own qcow2 overlay in the domain's directory, so the
 * shared image is never written and the overlay goes with the domain.
 */
final class Disks {
    private static final Pattern VOLUME_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern VDEV = Pattern.compile("(xvd|vd|sd|hd)([a-z]{1,2})");

    private Disks() {}

    static String xml(LibvirtDriver driver, DomainHandle handle, PvDevice disk) {
        Path image = image(driver.artifacts(), disk.source(), disk.id());
        String format = format(image);
        Path source = image;
        if (!disk.readOnly() && ArtifactStore.isDigest(disk.source())) {
            source = driver.domainDir(handle).resolve(disk.name() + ".qcow2");
            if (!Files.exists(source)) {
                overlay(image, format, source);
            }
            format = "qcow2";
        }
        StringBuilder x = new StringBuilder("<disk type='file' device='disk'>");
        x.append("<driver name='qemu' type='").append(format).append("'/>");
        x.append("<source file='").append(Xml.escape(source.toString())).append("'/>");
        x.append("<target dev='").append(target(disk)).append("' bus='virtio'/>");
        if (disk.readOnly()) {
            x.append("<readonly/>");
        }
        x.append("<alias name='")
                .append(DomainXml.ALIAS_PREFIX)
                .append("vbd-")
                .append(disk.name())
                .append("'/></disk>");
        return x.toString();
    }

    private static Path image(ArtifactStore store, String volume, String id) {
        if (ArtifactStore.isDigest(volume)) {
            return store.verify(volume);
        }
        if (!VOLUME_NAME.matcher(volume).matches()) {
            throw refused(id + ": volume name " + volume + " is not a plain name");
        }
        Path file = store.root().resolve("volumes").resolve(volume);
        if (!Files.isRegularFile(file)) {
            throw refused(id + ": volume " + volume + " is not in " + file.getParent());
        }
        return file;
    }

    /** xvda → vda: the guest sees virtio disks, in the description's order. */
    private static String target(PvDevice disk) {
        var m = VDEV.matcher(disk.name());
        if (!m.matches()) {
            throw refused(disk.id() + ": cannot name a virtio disk after " + disk.name());
        }
        return "vd" + m.group(2);
    }

    private static String format(Path image) {
        String info = run(List.of("qemu-img", "info", "--output=json", image.toString()));
        return info.contains("\"format\": \"qcow2\"") ? "qcow2" : "raw";
    }

    private static void overlay(Path backing, String format, Path overlay) {
        Path temp = overlay.resolveSibling(overlay.getFileName() + ".tmp");
        run(
                List.of(
                        "qemu-img",
                        "create",
                        "-q",
                        "-f",
                        "qcow2",
                        "-F",
                        format,
                        "-b",
                        backing.toString(),
                        temp.toString()));
        try {
            Files.move(temp, overlay, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HypervisorException(
                    FailureCode.HYPERVISOR_ERROR,
                    true,
                    "cannot place overlay " + overlay + ": " + e);
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readNBytes(1 << 20);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new HypervisorException(
                        FailureCode.HYPERVISOR_ERROR, true, command.get(1) + " timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new HypervisorException(
                        FailureCode.HYPERVISOR_ERROR,
                        true,
                        String.join(" ", command) + " failed: " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new HypervisorException(
                    FailureCode.HYPERVISOR_ERROR, true, "cannot run " + command.get(0) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorException(FailureCode.HYPERVISOR_ERROR, true, "interrupted");
        }
    }

    private static HypervisorException refused(String message) {
        return new HypervisorException(FailureCode.HYPERVISOR_ERROR, false, message);
    }
}
