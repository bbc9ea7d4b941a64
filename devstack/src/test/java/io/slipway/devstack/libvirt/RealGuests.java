package io.slipway.devstack.libvirt;

import static io.slipway.devstack.system.Convergence.domain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slipway.agent.libvirt.host.DemoImages;
import io.slipway.agent.libvirt.host.LibvirtDaemons;
import io.slipway.devstack.harness.AgentSpec;
import io.slipway.devstack.harness.ApiResponse;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.devstack.harness.SlipwaySystems;
import io.slipway.devstack.harness.SystemSpec;
import io.slipway.testsupport.Guests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** What the real-guest tests share: the skip rule, the system, small guests, the teardown. */
final class RealGuests {
    /** {@code -Dslipway.realguests.all=true}: every real-guest test, not only the fixed subset. */
    static final String ALL = "slipway.realguests.all";

    private static final Duration DESTROY_LIMIT = Duration.ofMinutes(2);

    private RealGuests() {}

    /**
     * Skips the test on a machine without libvirt or Debian's tools (fails under {@code CI=true},
     * where they are installed), and starts the libvirt daemons when their sockets do not answer.
     */
    static void assumeUsable() {
        assumeTrue(LibvirtDaemons.requireOrSkip());
        assumeTrue(DemoImages.requireOrSkip());
        LibvirtDaemons.system(Path.of("target/libvirt-logs")).ensureRunning();
    }

    /** The orchestrator and the given agents. */
    static SlipwaySystem start(SlipwaySystems systems, AgentSpec... agents) {
        return systems.start(new SystemSpec(true, List.of(), List.of(agents)));
    }

    /**
     * A guest that boots no kernel: an HVM domain without disks starts QEMU's firmware (SeaBIOS),
     * which finds nothing to boot and idles. Enough for crash tests, which are about the domain's
     * lifecycle, and far lighter than booting Linux under TCG.
     */
    static String firmwareOnly(UUID uuid, String name, long memoryKiB) {
        return """
                /dts-v1/;
                / {
                    compatible = "slipway,guest-v1";
                    domain {
                        compatible = "xen,domain";
                        domain-uuid = %s;
                        slipway,name = "%s";
                        slipway,arch = "x86_64";
                        slipway,guest-type = "hvm";
                        memory = <0x0 0x%x>;
                        cpus = <1>;
                    };
                };
                """
                .formatted(Guests.uuidBytes(uuid), name, memoryKiB);
    }

    /** DELETE of every domain, then waits until each is DESTROYED. */
    static void destroyAll(SlipwaySystem system, List<String> ids) {
        for (String id : ids) {
            ApiResponse r = system.api().delete("/api/v1/domains/" + id);
            assertThat(r.status()).as(r.text()).isEqualTo(202);
        }
        await("every domain DESTROYED")
                .atMost(DESTROY_LIMIT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () ->
                                assertThat(ids)
                                        .allSatisfy(
                                                id ->
                                                        assertThat(
                                                                        domain(system, id)
                                                                                .path("state")
                                                                                .asString())
                                                                .as(id)
                                                                .isEqualTo("DESTROYED")));
    }
}
