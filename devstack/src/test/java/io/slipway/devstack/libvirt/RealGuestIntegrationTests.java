package io.slipway.devstack.libvirt;

import static io.slipway.devstack.system.Convergence.awaitHostsUp;
import static io.slipway.devstack.system.Convergence.awaitSettled;
import static io.slipway.devstack.system.Convergence.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slipway.agent.libvirt.host.DemoImages;
import io.slipway.devstack.dev.LinuxDemo;
import io.slipway.devstack.harness.AgentSpec;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.protocol.HostId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A real Linux guest through the whole system: the orchestrator and a libvirt agent as processes, a
 * guest described in DTS whose kernel and initramfs (made from Debian packages) sit in the agent's
 * artifact store, created through the API; the test reads the line the guest's {@code /init} prints
 * on its serial console, then DELETE leaves no libvirt domain and no QEMU process, as libvirt and
 * the process table (not Slipway) tell. Under QEMU's TCG: nested KVM here runs no Linux kernel
 * (LIBVIRT-NOTES).
 *
 * <p>Per-step timings go to the log and to {@code target/real-guest-timings.md}. Ten guests in
 * flight at once run only with {@code -Dslipway.realguests.all=true}.
 */
class RealGuestIntegrationTests {
    /** Outside {@code target/classes} and kept across runs: a rebuild needs no download. */
    private static final Path DEMO_CACHE = Path.of("target/demo-images");

    private static final HostId HOST = HostId.of("host-1");
    private static final Duration CREATION_LIMIT = Duration.ofMinutes(3);
    private static final Duration BOOT_LIMIT = Duration.ofSeconds(180);

    @RegisterExtension final SlipwaySystems systems = new SlipwaySystems();
    private final List<UUID> created = new ArrayList<>();

    @AfterEach
    void removeWhatATestLeft() {
        created.forEach(HostLibvirt::remove);
    }

    @Test
    void aRealLinuxGuestBootsThroughTheApiPrintsItsConsoleLineAndDeleteLeavesNothing() {
        RealGuests.assumeUsable();
        SlipwaySystem system = RealGuests.start(systems, AgentSpec.libvirt(HOST.value()));
        LinuxDemo.Images images =
                LinuxDemo.stage(DEMO_CACHE, AgentSpec.Libvirt.artifacts(system.stateDir(HOST)));
        awaitHostsUp(system, 1);

        UUID uuid = UUID.randomUUID();
        created.add(uuid);
        String id =
                create(
                        system,
                        LinuxDemo.description(images, uuid, "real-guest", LinuxDemo.MEMORY_KIB));
        JsonNode view = awaitSettled(system, List.of(id), CREATION_LIMIT).get(id);
        assertThat(view.path("state").asString()).as(view.toString()).isEqualTo("RUNNING");
        long running = System.nanoTime();

        Path console = console(system, uuid);
        await("the guest's console line in " + console)
                .atMost(BOOT_LIMIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> read(console).contains(DemoImages.CONSOLE_LINE));
        Duration boot = Duration.ofNanos(System.nanoTime() - running);

        JsonNode host = system.api().get("/api/v1/hosts/" + HOST.value()).json();
        assertThat(host.path("hypervisor").asString()).contains("libvirt", "tcg");
        assertThat(HostLibvirt.domainState(uuid)).isEqualTo("running");
        assertThat(HostLibvirt.qemuProcesses(uuid)).hasSize(1);
        System.out.println(
                StepTimings.report(
                        "one real guest (128 MiB, 1 vCPU, TCG), 1 in flight",
                        List.of(view),
                        Map.of("console line after RUNNING was seen", boot)));

        RealGuests.destroyAll(system, List.of(id));
        assertThat(HostLibvirt.domainUuids()).doesNotContain(uuid);
        assertThat(HostLibvirt.qemuProcesses(uuid)).isEmpty();
        assertThat(console).doesNotExist();
    }

    @Test
    @EnabledIfSystemProperty(named = RealGuests.ALL, matches = "true")
    void tenRealGuestsInFlightAllBootAndAllGoAway() {
        RealGuests.assumeUsable();
        // Placement claims a host CPU per vCPU and this machine has 2: declare 10 (overcommit)
        // so that all ten are placed at once; QEMU's ten TCG threads share the 2 cores.
        SlipwaySystem system =
                RealGuests.start(
                        systems, AgentSpec.libvirt(HOST.value()).withFlags("--cpus", "10"));
        LinuxDemo.Images images =
                LinuxDemo.stage(DEMO_CACHE, AgentSpec.Libvirt.artifacts(system.stateDir(HOST)));
        awaitHostsUp(system, 1);

        Map<String, UUID> guests = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            UUID uuid = UUID.randomUUID();
            created.add(uuid);
            guests.put(
                    create(
                            system,
                            LinuxDemo.description(
                                    images, uuid, "real-guest-" + i, LinuxDemo.MEMORY_KIB)),
                    uuid);
        }
        List<String> ids = List.copyOf(guests.keySet());
        Map<String, JsonNode> views = awaitSettled(system, ids, CREATION_LIMIT.multipliedBy(3));
        assertThat(views.values())
                .allSatisfy(v -> assertThat(v.path("state").asString()).isEqualTo("RUNNING"));
        long running = System.nanoTime();
        await("every guest's console line")
                .atMost(BOOT_LIMIT.multipliedBy(4))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () ->
                                guests.values().stream()
                                        .allMatch(
                                                u ->
                                                        read(console(system, u))
                                                                .contains(
                                                                        DemoImages.CONSOLE_LINE)));
        Duration allBooted = Duration.ofNanos(System.nanoTime() - running);
        System.out.println(
                StepTimings.report(
                        "ten real guests (128 MiB, 1 vCPU, TCG each), 10 in flight",
                        ids.stream().map(views::get).toList(),
                        Map.of("every console line after all were RUNNING", allBooted)));

        RealGuests.destroyAll(system, ids);
        assertThat(HostLibvirt.domainUuids()).doesNotContainAnyElementsOf(guests.values());
        guests.values().forEach(u -> assertThat(HostLibvirt.qemuProcesses(u)).isEmpty());
    }

    private static Path console(SlipwaySystem system, UUID uuid) {
        return system.stateDir(HOST)
                .resolve("domains")
                .resolve(uuid.toString())
                .resolve("console.log");
    }

    private static String read(Path file) {
        try {
            // ISO-8859-1 maps every byte: a console may print bytes that are not UTF-8
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
