package io.slipway.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.TeardownStage;
import io.slipway.agent.hypervisor.sim.SimHypervisor;
import io.slipway.agent.testing.RunnerFixture;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.testsupport.Guests;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReapRunnerTests {
    /**
     * Stands in for the halt of the process at a crash point: an Error, so that, like a halt, it
     * ends the reap without any report instead of becoming a failure report.
     */
    static final class Halted extends Error {}

    @TempDir Path dir;

    private ReapRunner reapRunner(RunnerFixture fx, SimHypervisor sim, String crashAt) {
        return new ReapRunner(
                RunnerFixture.HOST,
                sim,
                fx.reports,
                new EpochLedger(dir),
                new CrashPoints(
                        List.of(CrashPoint.parse(crashAt)),
                        dir,
                        status -> {
                            throw new Halted();
                        }),
                new RunSettings(
                        Duration.ofSeconds(1), 1L << 20, Duration.ofMillis(200), Duration.ZERO),
                Clock.systemUTC());
    }

    private static HostCommand.ReapDomain reap(DomainId id, long epoch, GuestSpec spec) {
        return new HostCommand.ReapDomain(
                new StepRef(id, StepName.KILL_DOMAIN, epoch, 1),
                RunnerFixture.HOST,
                UUID.randomUUID(),
                spec.handle(),
                "stale copy");
    }

    private static RunnerFixture halfBuilt(Path dir, DomainId id, GuestSpec spec) {
        RunnerFixture fx = new RunnerFixture(dir);
        RunnerFixture.CREATE.subList(0, 8).forEach(s -> fx.run(id, s, 1, spec));
        fx.reports.clear();
        return fx;
    }

    @Test
    void aReapHaltedMidKillResumesAfterRestartAndAppliesEachEffectOnce() {
        GuestSpec spec = Guests.guest(1, "0000:3b:00.0");
        DomainId id = DomainId.random();
        RunnerFixture fx = halfBuilt(dir, id, spec);
        HostCommand.ReapDomain command = reap(id, 2, spec);

        assertThatThrownBy(() -> reapRunner(fx, fx.sim.sim(), "KILL_DOMAIN:0.3").run(command))
                .isInstanceOf(Halted.class);

        HostedDomain dying = fx.sim.sim().find(new DomainHandle(spec.handle())).orElseThrow();
        assertThat(dying.teardown()).isNotEqualTo(TeardownStage.NONE);
        assertThat(dying.marker())
                .as("the copy keeps its own epoch, so the resumed reap still finds it stale")
                .isEqualTo(new DomainMarker(id, 1, 1, DomainMarker.State.DYING));

        SimHypervisor restarted = fx.sim.reopen();
        assertThat(reapRunner(fx, restarted, "KILL_DOMAIN:0.3").run(command)).isTrue();

        assertThat(fx.reports.all()).singleElement().isInstanceOf(HostReport.DomainReaped.class);
        assertThat(restarted.listDomains()).isEmpty();
        assertThat(fx.applications()).allSatisfy(a -> assertThat(a.count()).isEqualTo(1));
        assertThat(new EpochLedger(dir).highest(id)).isEqualTo(2);
    }

    @Test
    void aReapHaltedAfterTeardownIsReportedOnTheRerunWithoutAnotherEffect() {
        GuestSpec spec = Guests.guest(1);
        DomainId id = DomainId.random();
        RunnerFixture fx = halfBuilt(dir, id, spec);
        HostCommand.ReapDomain command = reap(id, 2, spec);

        assertThatThrownBy(() -> reapRunner(fx, fx.sim.sim(), "KILL_DOMAIN").run(command))
                .isInstanceOf(Halted.class);
        assertThat(fx.sim.sim().listDomains()).isEmpty();
        assertThat(fx.reports.ofType(HostReport.DomainReaped.class)).isEmpty();

        assertThat(reapRunner(fx, fx.sim.reopen(), "KILL_DOMAIN").run(command)).isTrue();

        assertThat(fx.reports.all())
                .singleElement()
                .isInstanceOfSatisfying(
                        HostReport.DomainReaped.class,
                        r -> assertThat(r.reapId()).isEqualTo(command.reapId()));
        assertThat(fx.applications()).allSatisfy(a -> assertThat(a.count()).isEqualTo(1));
    }
}
