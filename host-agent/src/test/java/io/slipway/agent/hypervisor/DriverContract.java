package io.slipway.agent.hypervisor;

import static io.slipway.agent.testing.ExpectedBuild.assertBuiltThrough;
import static io.slipway.agent.testing.ExpectedBuild.assertGone;
import static io.slipway.agent.testing.ExpectedBuild.eventChannels;
import static io.slipway.agent.testing.ExpectedBuild.listed;
import static io.slipway.agent.testing.ReportAssertions.assertFailed;
import static io.slipway.agent.testing.ReportAssertions.assertHaltsWithoutReport;
import static io.slipway.agent.testing.ReportAssertions.assertStale;
import static io.slipway.agent.testing.ReportAssertions.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slipway.agent.report.Inventory;
import io.slipway.agent.run.CrashPoint;
import io.slipway.agent.run.RunSettings;
import io.slipway.agent.testing.ExpectedBuild.Footprint;
import io.slipway.agent.testing.StepHarness;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostHeartbeat;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.testsupport.Guests;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guarantees every {@link HypervisorDriver} gives the agent, checked through the agent's own
 * step classes and runner (fencing, reports, crash points) as it runs them, and judged only from
 * what the driver itself reports, so that they hold for a real hypervisor as for the simulator.
 *
 * <p>A subclass supplies the fixture: {@link #driver()}, {@link #restart()}, {@link #guest()},
 * {@link #assignablePci()}, {@link #missingPci()}, {@link #makeForeignDomain} and {@link
 * #closeDrivers()}. It opens its driver lazily or in a {@code @BeforeEach}, and must not close it
 * in its own {@code @AfterEach} (JUnit runs that before this class's): after every test this class
 * reaps every domain it made or had made, through the agent's reapRunner, then calls {@link
 * #closeDrivers()}.
 *
 * <p>Every cell is in this one class, long as that makes it, so that a driver's author reads the
 * whole contract in one place; what the driver must show after each create step is in {@link
 * io.slipway.agent.testing.ExpectedBuild}.
 */
public abstract class DriverContract {
    private static final Logger log = LoggerFactory.getLogger(DriverContract.class);

    /** Stands in for the halt at a crash point: an Error, so the command ends with no report. */
    static final class Halted extends Error {
        Halted() {
            super("halted by a crash point");
        }
    }

    /** The agent's durable state (epoch ledger, fired crash points). */
    @TempDir protected Path agentDir;

    private StepHarness steps;
    private final List<DomainHandle> made = new ArrayList<>();

    // ---- the fixture a driver supplies

    /**
     * The driver under test, open, over the host this test works on. Called often; returns the same
     * object until {@link #restart()}.
     */
    protected abstract HypervisorDriver driver();

    /**
     * Drops the current driver object without closing it, as a {@code kill -9} of the agent would,
     * and opens a new one over the same host; {@link #driver()} returns the new one afterwards.
     *
     * @return the new driver
     */
    protected abstract HypervisorDriver restart();

    /**
     * A guest the driver can build, with a handle no other call returned and no PCI functions: boot
     * modules whose artifacts the driver can fetch, memory and vCPUs the host has, the PV devices
     * the driver can plug. Called once or more per test.
     */
    protected abstract GuestSpec guest();

    /**
     * A PCI function the host has, that no domain holds and that a guest may be given; empty when
     * the host has none to give, which skips the cells that assign one.
     */
    protected abstract Optional<String> assignablePci();

    /** A PCI address the host does not have: assigning it must fail cleanly. */
    protected String missingPci() {
        return "0000:ff:1f.7";
    }

    /**
     * Creates, by hand and outside Slipway, a running domain with {@code handle} and no Slipway
     * marker (as an operator's {@code virsh}/{@code xl create} would). May restart the driver; the
     * domain is listed by {@link #driver()} when this returns.
     */
    protected abstract void makeForeignDomain(DomainHandle handle);

    /**
     * Closes every driver object opened for this test, those dropped by {@link #restart()}
     * included. Called once after each test, after the domains it made were reaped.
     */
    protected abstract void closeDrivers();

    // ---- cells

    @Test
    void theDriverDescribesItselfAndItsHost() {
        assertThat(driver().describe()).isNotBlank();
        HostResources host = driver().resources();
        assertThat(host.memoryKiB()).isPositive();
        assertThat(host.pcpus()).isPositive();
        assertThat(host.pciFunctions()).doesNotContain(missingPci());
        assignablePci().ifPresent(sbdf -> assertThat(host.pciFunctions()).contains(sbdf));
    }

    @Test
    void eachCreateStepShowsItsEffectInTheDriversViewAndTheDestroyPlanRemovesIt() {
        GuestSpec spec = track(guest());
        DomainId id = DomainId.random();

        for (StepName step : StepHarness.CREATE) {
            assertSucceeded(steps().run(id, step, 1, spec), step);
            assertBuiltThrough(driver(), spec, id, 1, step);
        }
        for (StepName step : StepHarness.DESTROY) {
            assertSucceeded(steps().run(id, step, 2, spec), step);
            driver().find(handle(spec)).ifPresent(d -> assertThat(d.hidden()).isFalse());
        }
        assertGone(driver(), spec);
    }

    @Test
    void everyCreateAndDestroyStepRunTwiceChangesNothingTheSecondTime() {
        GuestSpec spec = track(guest());
        DomainId id = DomainId.random();

        for (StepName step : StepHarness.CREATE) {
            assertSucceeded(steps().run(id, step, 1, spec), step);
            Optional<HostedDomain> once = driver().find(handle(spec));
            assertSucceeded(steps().run(id, step, 1, spec), step);
            assertThat(driver().find(handle(spec))).as("after %s twice", step).isEqualTo(once);
            assertBuiltThrough(driver(), spec, id, 1, step);
        }
        for (StepName step : StepHarness.DESTROY) {
            assertSucceeded(steps().run(id, step, 2, spec), step);
            Optional<HostedDomain> once = driver().find(handle(spec));
            assertSucceeded(steps().run(id, step, 2, spec), step);
            assertThat(driver().find(handle(spec))).as("after %s twice", step).isEqualTo(once);
            assertThat(listed(driver(), handle(spec))).hasSizeLessThanOrEqualTo(1);
        }
        assertGone(driver(), spec);
    }

    /**
     * Every create step acts, then the agent dies before reporting (an after-act crash point, then
     * {@link #restart()}); the redelivered command finds the effect and only reports it.
     */
    @Test
    void aCrashBetweenActAndReportIsRepairedByRunningTheStepAgainOnARestartedDriver() {
        GuestSpec spec = track(guest());
        DomainId id = DomainId.random();
        StepHarness crashing = crashingAfterActOf(StepHarness.CREATE);

        for (StepName step : StepHarness.CREATE) {
            StepRef ref = StepHarness.ref(id, step, 1);
            assertHaltsWithoutReport(crashing, ref, spec, Halted.class);
            restart();
            Optional<HostedDomain> acted = driver().find(handle(spec));
            assertBuiltThrough(driver(), spec, id, 1, step);

            assertSucceeded(crashing.run(ref, spec, Map.of()), step);
            assertThat(driver().find(handle(spec))).as("after %s again", step).isEqualTo(acted);
            assertBuiltThrough(driver(), spec, id, 1, step);
        }
    }

    /**
     * Every destroy step acts, then the agent dies before reporting; the redelivered command on a
     * restarted driver goes on from what the hypervisor shows and the domain ends gone.
     */
    @Test
    void aCrashBetweenActAndReportOfADestroyStepIsRepairedByRunningItAgainOnARestartedDriver() {
        GuestSpec spec = track(guest());
        DomainId id = DomainId.random();
        for (StepName step : StepHarness.CREATE) {
            assertSucceeded(steps().run(id, step, 1, spec), step);
        }
        StepHarness crashing = crashingAfterActOf(StepHarness.DESTROY);

        for (StepName step : StepHarness.DESTROY) {
            StepRef ref = StepHarness.ref(id, step, 2);
            assertHaltsWithoutReport(crashing, ref, spec, Halted.class);
            restart();
            Optional<HostedDomain> acted = driver().find(handle(spec));
            assertThat(listed(driver(), handle(spec))).hasSizeLessThanOrEqualTo(1);

            assertSucceeded(crashing.run(ref, spec, Map.of()), step);
            assertThat(driver().find(handle(spec))).as("after %s again", step).isEqualTo(acted);
        }
        assertGone(driver(), spec);
    }

    /**
     * The agent dies halfway through populating; the redelivered command on a restarted driver goes
     * on from the pages the driver holds (not from the orchestrator's checkpoint) to exactly the
     * target. A guest populated in one extent halts after it, which is the after-act case.
     */
    @Test
    void aCrashMidPopulateResumesFromThePagesTheDriverHoldsToExactlyTheTarget() {
        GuestSpec spec = track(guest());
        DomainId id = DomainId.random();
        for (StepName step : StepHarness.CREATE.subList(0, 3)) {
            assertSucceeded(steps().run(id, step, 1, spec), step);
        }
        StepHarness crashing = harness(agentDir, List.of(CrashPoint.parse("POPULATE_MEMORY:0.5")));
        StepRef ref = StepHarness.ref(id, StepName.POPULATE_MEMORY, 1);
        assertHaltsWithoutReport(crashing, ref, spec, Halted.class);

        long held = restart().find(handle(spec)).orElseThrow().populatedPages();
        assertThat(held).isPositive().isLessThanOrEqualTo(spec.pages());
        HostReport resumed = crashing.run(ref, spec, Map.of("pagesDone", Long.toString(held)));

        assertSucceeded(resumed, StepName.POPULATE_MEMORY);
        assertThat(((HostReport.StepSucceeded) resumed).outputs())
                .containsEntry("resumedFromPages", Long.toString(held));
        assertBuiltThrough(driver(), spec, id, 1, StepName.POPULATE_MEMORY);
        for (StepName step : StepHarness.CREATE.subList(4, StepHarness.CREATE.size())) {
            assertSucceeded(steps().run(id, step, 1, spec), step);
        }
        assertBuiltThrough(driver(), spec, id, 1, StepName.UNPAUSE);
    }

    @Test
    void aCommandOfAnOlderEpochThanTheMarkersIsRefusedAndChangesNothing() {
        GuestSpec spec = track(guest());
        DomainId id = DomainId.random();
        assertSucceeded(steps().run(id, StepName.PREPARE_IMAGES, 3, spec), StepName.PREPARE_IMAGES);
        assertSucceeded(steps().run(id, StepName.CREATE_SHELL, 3, spec), StepName.CREATE_SHELL);
        HostedDomain before = driver().find(handle(spec)).orElseThrow();

        for (StepName step : allSteps()) {
            assertStale(steps().run(id, step, 2, spec), step);
        }
        assertThat(driver().find(handle(spec))).contains(before);
        assertThat(listed(driver(), handle(spec))).hasSize(1);

        // A restarted driver with an agent that lost its ledger: the marker alone still fences.
        restart();
        StepHarness forgetful = harness(agentDir.resolve("another-agent"), List.of());
        for (StepName step : allSteps()) {
            assertStale(forgetful.run(id, step, 2, spec), step);
        }
        assertThat(driver().find(handle(spec))).contains(before);
        assertThat(listed(driver(), handle(spec))).hasSize(1);
    }

    @Test
    void aCommandOfANewerEpochAdoptsTheDomainAndRecordsItsEpochAndAttemptOnTheMarker() {
        GuestSpec spec = track(guest());
        DomainId id = DomainId.random();
        assertSucceeded(steps().run(id, StepName.PREPARE_IMAGES, 1, spec), StepName.PREPARE_IMAGES);
        assertSucceeded(steps().run(id, StepName.CREATE_SHELL, 1, spec), StepName.CREATE_SHELL);

        HostReport adopted =
                steps().run(new StepRef(id, StepName.CONFIGURE_DOMAIN, 4, 2), spec, Map.of());

        assertSucceeded(adopted, StepName.CONFIGURE_DOMAIN);
        DomainMarker adoptedMarker = new DomainMarker(id, 4, 2, DomainMarker.State.BUILDING);
        HostedDomain d = driver().find(handle(spec)).orElseThrow();
        assertThat(d.marker()).isEqualTo(adoptedMarker);
        assertThat(d.config()).isEqualTo(DomainConfig.of(spec, eventChannels(spec)));
        assertThat(restart().find(handle(spec)).orElseThrow().marker())
                .as("marker after a restart")
                .isEqualTo(adoptedMarker);
        assertStale(steps().run(id, StepName.POPULATE_MEMORY, 3, spec), StepName.POPULATE_MEMORY);
        assertThat(listed(driver(), handle(spec))).hasSize(1);
    }

    /** For each create step: build through it, then the destroy plan leaves nothing, twice. */
    @ParameterizedTest(name = "after {0}")
    @EnumSource(
            value = StepName.class,
            names = {
                "PREPARE_IMAGES",
                "CREATE_SHELL",
                "CONFIGURE_DOMAIN",
                "POPULATE_MEMORY",
                "LOAD_IMAGES",
                "INTRODUCE_XENSTORE",
                "ATTACH_PV_DEVICES",
                "ASSIGN_PCI",
                "FINALIZE",
                "UNPAUSE"
            })
    void theDestroyPlanRemovesADomainBuiltToAnyStage(StepName last) {
        GuestSpec base = guest();
        GuestSpec spec = track(assignablePci().map(s -> Guests.withPci(base, s)).orElse(base));
        DomainId id = DomainId.random();
        for (StepName step : StepHarness.CREATE.subList(0, StepHarness.CREATE.indexOf(last) + 1)) {
            assertSucceeded(steps().run(id, step, 1, spec), step);
        }
        assertBuiltThrough(driver(), spec, id, 1, last);

        for (int round = 1; round <= 2; round++) {
            for (StepName step : StepHarness.DESTROY) {
                assertSucceeded(steps().run(id, step, 2, spec), step);
            }
            assertGone(driver(), spec);
        }
        assignablePci()
                .ifPresent(
                        sbdf ->
                                assertThat(driver().listDomains())
                                        .as("domains holding %s", sbdf)
                                        .noneMatch(d -> d.pci().containsKey(sbdf)));
        assertThat(restart().find(handle(spec))).as("gone after a restart").isEmpty();
    }

    @Test
    void theInventoryShowsOwnDomainsWithTheirMarkerForeignOnesWithoutAndKeepsBuildingOnesHidden() {
        GuestSpec ready = track(guest());
        GuestSpec building = track(guest());
        GuestSpec foreign = track(guest());
        DomainId readyId = DomainId.random();
        DomainId buildingId = DomainId.random();
        for (StepName step : StepHarness.CREATE) {
            assertSucceeded(steps().run(readyId, step, 1, ready), step);
        }
        for (StepName step : StepHarness.CREATE.subList(0, 7)) {
            assertSucceeded(steps().run(buildingId, step, 1, building), step);
        }
        makeForeignDomain(handle(foreign));

        assertInventory(ready, readyId, building, buildingId, foreign);
        HostHeartbeat heartbeat =
                Inventory.heartbeat(
                        StepHarness.HOST, UUID.randomUUID(), driver(), Clock.systemUTC());
        Map<UUID, HostHeartbeat.InventoryEntry> entries =
                heartbeat.inventory().stream()
                        .collect(
                                Collectors.toMap(
                                        HostHeartbeat.InventoryEntry::handle, Function.identity()));
        assertThat(entries.get(ready.handle()).marker().state())
                .isEqualTo(DomainMarker.State.READY);
        assertThat(entries.get(ready.handle()).paused()).isFalse();
        assertThat(entries.get(building.handle()).marker().state())
                .as("a domain mid-build is reported building, never ready")
                .isEqualTo(DomainMarker.State.BUILDING);
        assertThat(entries.get(building.handle()).paused())
                .as("a domain mid-build is never reported running")
                .isTrue();
        assertThat(entries.get(foreign.handle()).marker()).isNull();

        restart();
        assertInventory(ready, readyId, building, buildingId, foreign);
    }

    @Test
    void aForeignDomainIsLeftAloneByEveryCreationAndRemovedOnlyByAReap() {
        GuestSpec foreign = track(guest());
        makeForeignDomain(handle(foreign));
        HostedDomain before = driver().find(handle(foreign)).orElseThrow();
        assertThat(before.marker()).isNull();
        DomainId other = DomainId.random();

        HostReport create = steps().run(other, StepName.CREATE_SHELL, 1, foreign);
        assertFailed(create, FailureCode.HYPERVISOR_ERROR);
        for (StepName step : StepHarness.DESTROY) {
            assertSucceeded(steps().run(other, step, 2, foreign), step);
        }
        HostedDomain after = driver().find(handle(foreign)).orElseThrow();
        assertThat(Footprint.of(after)).isEqualTo(Footprint.of(before));
        assertThat(listed(driver(), handle(foreign))).hasSize(1);

        HostReport reaped =
                steps().reap(
                                StepHarness.reapCommand(
                                        handle(foreign), new DomainId(foreign.handle()), 1));
        assertThat(reaped).isInstanceOf(HostReport.DomainReaped.class);
        assertGone(driver(), foreign);
    }

    @Test
    void aMissingPciDeviceFailsTheStepForGoodAndTheCreationTearsDownToNothing() {
        GuestSpec spec = track(Guests.withPci(guest(), missingPci()));
        DomainId id = DomainId.random();
        for (StepName step : StepHarness.CREATE.subList(0, 7)) {
            assertSucceeded(steps().run(id, step, 1, spec), step);
        }

        HostReport assign = steps().run(id, StepName.ASSIGN_PCI, 1, spec);

        assertFailed(assign, FailureCode.PCI_DEVICE_MISSING);
        HostedDomain d = driver().find(handle(spec)).orElseThrow();
        assertThat(d.pci()).doesNotContainKey(missingPci());
        assertThat(d.hidden()).isTrue();
        assertThat(d.marker().state()).isEqualTo(DomainMarker.State.BUILDING);
        for (StepName step : StepHarness.DESTROY) {
            assertSucceeded(steps().run(id, step, 2, spec), step);
        }
        assertGone(driver(), spec);
    }

    @Test
    void anAssignedPciFunctionIsHeldByOneDomainAtATimeAndReturnedByTheDestroyPlan() {
        assumeTrue(assignablePci().isPresent(), "the host has no PCI function to assign");
        String sbdf = assignablePci().orElseThrow();
        GuestSpec first = track(Guests.withPci(guest(), sbdf));
        GuestSpec second = track(Guests.withPci(guest(), sbdf));
        DomainId firstId = DomainId.random();
        DomainId secondId = DomainId.random();
        for (StepName step : StepHarness.CREATE) {
            assertSucceeded(steps().run(firstId, step, 1, first), step);
        }
        assertBuiltThrough(driver(), first, firstId, 1, StepName.UNPAUSE);

        for (StepName step : StepHarness.CREATE.subList(0, 7)) {
            assertSucceeded(steps().run(secondId, step, 1, second), step);
        }
        assertFailed(
                steps().run(secondId, StepName.ASSIGN_PCI, 1, second), FailureCode.PCI_DEVICE_BUSY);
        assertThat(driver().find(handle(first)).orElseThrow().pci())
                .containsEntry(sbdf, PciState.ASSIGNED);
        assertThat(driver().find(handle(second)).orElseThrow().pci()).doesNotContainKey(sbdf);

        for (StepName step : StepHarness.DESTROY) {
            assertSucceeded(steps().run(firstId, step, 2, first), step);
            assertSucceeded(steps().run(secondId, step, 2, second), step);
        }
        assertGone(driver(), first);
        assertGone(driver(), second);

        GuestSpec third = track(Guests.withPci(guest(), sbdf));
        DomainId thirdId = DomainId.random();
        for (StepName step : StepHarness.CREATE) {
            assertSucceeded(steps().run(thirdId, step, 1, third), step);
        }
        assertBuiltThrough(driver(), third, thirdId, 1, StepName.UNPAUSE);
    }

    // ---- clean-up

    /**
     * Reaps, through the agent's reapRunner, every domain this test made or had made that is still
     * there (an owned one under an epoch above its marker's), then closes the drivers. Best effort:
     * a failure is logged, the test's own outcome stands.
     */
    @AfterEach
    void reapWhatTheTestMadeAndCloseTheDrivers() {
        try {
            StepHarness reaper = harness(agentDir.resolve("clean-up"), List.of());
            for (DomainHandle handle : made) {
                try {
                    Optional<HostedDomain> left = driver().find(handle);
                    if (left.isPresent()) {
                        DomainMarker m = left.get().marker();
                        HostReport r =
                                m == null
                                        ? reaper.reap(
                                                StepHarness.reapCommand(
                                                        handle, new DomainId(handle.value()), 1))
                                        : reaper.reap(
                                                StepHarness.reapCommand(
                                                        handle, m.domainId(), m.epoch() + 1));
                        log.debug("clean-up of {}: {}", handle, r);
                    }
                } catch (RuntimeException e) {
                    log.warn("clean-up of {} failed", handle, e);
                }
            }
        } finally {
            closeDrivers();
        }
    }

    // ---- helpers

    /** How long waiting steps (shutdown, gone) wait at most; a slow driver may widen it. */
    protected RunSettings settings() {
        return new RunSettings(
                Duration.ofSeconds(1), 1L << 20, Duration.ofSeconds(10), Duration.ZERO);
    }

    private StepHarness steps() {
        if (steps == null) {
            steps = harness(agentDir, List.of());
        }
        return steps;
    }

    /** A harness whose agent halts once after the act of each of {@code steps}. */
    private StepHarness crashingAfterActOf(List<StepName> steps) {
        return harness(agentDir, steps.stream().map(s -> CrashPoint.parse(s.name())).toList());
    }

    /**
     * The agent's runner over {@link #driver()} with its state in {@code dir}, halting once at each
     * of {@code points} without publishing anything more.
     */
    private StepHarness harness(Path dir, List<CrashPoint> points) {
        return new StepHarness(
                dir,
                this::driver,
                List.of(),
                points,
                status -> {
                    throw new Halted();
                },
                settings());
    }

    private GuestSpec track(GuestSpec spec) {
        made.add(handle(spec));
        return spec;
    }

    private static DomainHandle handle(GuestSpec spec) {
        return new DomainHandle(spec.handle());
    }

    private static List<StepName> allSteps() {
        List<StepName> all = new ArrayList<>(StepHarness.CREATE);
        all.addAll(StepHarness.DESTROY);
        return all;
    }

    private void assertInventory(
            GuestSpec ready,
            DomainId readyId,
            GuestSpec building,
            DomainId buildingId,
            GuestSpec foreign) {
        HostedDomain r = onlyOne(ready);
        assertThat(r.marker()).isEqualTo(new DomainMarker(readyId, 1, 1, DomainMarker.State.READY));
        assertThat(r.hidden()).isFalse();
        assertThat(r.paused()).isFalse();
        HostedDomain b = onlyOne(building);
        assertThat(b.marker())
                .isEqualTo(new DomainMarker(buildingId, 1, 1, DomainMarker.State.BUILDING));
        assertThat(b.hidden()).isTrue();
        assertThat(b.paused()).isTrue();
        HostedDomain f = onlyOne(foreign);
        assertThat(f.marker()).isNull();
    }

    private HostedDomain onlyOne(GuestSpec spec) {
        List<HostedDomain> found = listed(driver(), handle(spec));
        assertThat(found).as("listDomains entries with handle %s", spec.handle()).hasSize(1);
        return found.get(0);
    }
}
