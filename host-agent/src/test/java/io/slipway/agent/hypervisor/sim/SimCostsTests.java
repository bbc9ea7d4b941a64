package io.slipway.agent.hypervisor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.agent.hypervisor.DomainConfig;
import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.testing.SimFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimCostsTests {
    @TempDir Path dir;

    /** Populates 1 GiB and resets one PCI function; returns the fixture. */
    private SimFixture work(SimSpeed speed) {
        SimFixture fx = new SimFixture(dir, 64, speed);
        DomainHandle h = new DomainHandle(UUID.randomUUID());
        fx.sim()
                .createDomain(
                        h, new DomainMarker(DomainId.random(), 1, 1, DomainMarker.State.BUILDING));
        fx.sim().configure(h, new DomainConfig(2, 1 << 20, 1 << 18, 4));
        for (int i = 0; i < 4; i++) {
            fx.sim().populateExtent(h, 65_536);
        }
        fx.sim().resetPci(h, "0000:3b:00.0", "flr");
        return fx;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1, 10, 1000})
    void simulatedTimeIsTheSameAtEverySpeedAndRealTimeIsItDividedBySpeed(double factor) {
        SimFixture fx = work(new SimSpeed(factor));

        Duration simulated = fx.sim().clock().simulatedTotal();
        // 1 GiB at 2 GiB/s + one FLR of 100 ms + five hypercalls of 2 ms
        assertThat(simulated).isEqualTo(Duration.ofMillis(500 + 100 + 2 * 2));
        assertThat(fx.requestedRealNanos())
                .isCloseTo(
                        (long) (simulated.toNanos() / factor),
                        org.assertj.core.data.Offset.offset(10L));
    }

    @Test
    void maxSpeedAccountsSimulatedTimeButNeverWaits() {
        SimFixture fx = work(SimSpeed.MAX);

        assertThat(fx.sim().clock().simulatedTotal()).isEqualTo(Duration.ofMillis(604));
        assertThat(fx.requestedRealNanos()).isZero();
    }

    @Test
    void populationTimeFollowsTheConfiguredRate() {
        assertThat(SimCosts.defaults(2).populate(1L << 18)).isEqualTo(Duration.ofMillis(500));
        assertThat(SimCosts.defaults(4).populate(8L << 18)).isEqualTo(Duration.ofSeconds(2));
    }
}
