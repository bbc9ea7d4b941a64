package io.slipway.devstack.libvirt;

import io.slipway.agent.libvirt.host.LibvirtDaemons;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What this machine's libvirt and process table say, asked from outside Slipway ({@code virsh} and
 * {@code pgrep}): the real-guest tests check Slipway's claims against these, never against its own
 * view. Every command is bounded in time.
 */
final class HostLibvirt {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The namespace of Slipway's element in a domain's {@code <metadata>}. */
    private static final String SLIPWAY_NAMESPACE = "https://slipway.io/xmlns/libvirt/1";

    private static final Pattern DOMAIN_ID = Pattern.compile("domain-id=['\"]([0-9a-f-]{36})['\"]");
    private static final Pattern STATE = Pattern.compile(" state=['\"]([A-Z]+)['\"]");

    private HostLibvirt() {}

    /** The uuids of every domain libvirt knows, running or only defined. */
    static Set<UUID> domainUuids() {
        Result r = run("virsh", "-c", LibvirtDaemons.SYSTEM_URI, "list", "--all", "--uuid");
        r.requireSuccess();
        return r.stdout()
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(UUID::fromString)
                .collect(Collectors.toSet());
    }

    /**
     * Slipway's marker as libvirt stores it in a domain's {@code <metadata>}.
     *
     * @param handle the libvirt domain's uuid
     * @param domainId the Slipway domain it names
     * @param state {@code BUILDING}, {@code READY} or {@code DYING}
     */
    record Marker(UUID handle, UUID domainId, String state) {}

    /**
     * The marker of every libvirt domain that carries one, read with {@code virsh metadata}; a
     * domain that vanishes between the listing and the read (another test's) is left out.
     */
    static List<Marker> markers() {
        List<Marker> out = new ArrayList<>();
        for (UUID uuid : domainUuids()) {
            Result r =
                    run(
                            "virsh",
                            "-c",
                            LibvirtDaemons.SYSTEM_URI,
                            "metadata",
                            uuid.toString(),
                            SLIPWAY_NAMESPACE);
            Matcher id = DOMAIN_ID.matcher(r.stdout());
            Matcher state = STATE.matcher(r.stdout());
            if (r.exitCode() == 0 && id.find() && state.find()) {
                out.add(new Marker(uuid, UUID.fromString(id.group(1)), state.group(1)));
            }
        }
        return out;
    }

    /** {@code virsh domstate}: {@code running}, {@code paused}, {@code shut off}, … */
    static String domainState(UUID uuid) {
        Result r = run("virsh", "-c", LibvirtDaemons.SYSTEM_URI, "domstate", uuid.toString());
        r.requireSuccess();
        return r.stdout().strip();
    }

    /**
     * The pids of QEMU processes whose command line names {@code uuid} (libvirt passes {@code
     * -uuid} and {@code -name guest=slipway-<uuid>}).
     */
    static List<Long> qemuProcesses(UUID uuid) {
        Result r = run("pgrep", "-f", "qemu-system.*" + uuid);
        if (r.exitCode() == 1) {
            return List.of(); // pgrep: no process matched
        }
        r.requireSuccess();
        return r.stdout().lines().map(String::strip).map(Long::parseLong).toList();
    }

    /**
     * Stops and undefines the domain if it exists, whatever Slipway thinks: a failed test must not
     * leave a QEMU process on a shared machine.
     */
    static void remove(UUID uuid) {
        if (domainUuids().contains(uuid)) {
            run("virsh", "-c", LibvirtDaemons.SYSTEM_URI, "destroy", uuid.toString());
            run("virsh", "-c", LibvirtDaemons.SYSTEM_URI, "undefine", uuid.toString());
        }
    }

    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        void requireSuccess() {
            if (exitCode != 0) {
                throw new IllegalStateException(
                        command + " exited " + exitCode + ": " + stderr.strip());
            }
        }
    }

    static Result run(String... command) {
        try {
            Process p =
                    new ProcessBuilder(command)
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(List.of(command) + " took over " + TIMEOUT);
            }
            return new Result(List.of(command), p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (in) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
