package io.slipway.orchestrator.creation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.orchestrator.creation.DomainEvent.*;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CreationDeciderTests {

    @Test
    void aHealthyCreationRunsAllTwelveStepsInPlanOrderAndEndsRunning() {
        Scenario s = Scenario.accepted().runToEnd();

        assertThat(s.state.status()).isEqualTo(DomainStatus.RUNNING);
        List<StepName> dispatched =
                s.log.stream()
                        .filter(e -> e instanceof StepDispatched)
                        .map(e -> ((StepDispatched) e).step())
                        .toList();
        assertThat(dispatched)
                .containsExactlyElementsOf(
                        CreationPlan.createSteps().stream().filter(StepName::runsOnAgent).toList());
        assertThat(CreationPlan.createSteps())
                .allSatisfy(
                        step -> {
                            assertThat(s.state.step(step).status()).isEqualTo(StepStatus.SUCCEEDED);
                            assertThat(s.state.step(step).attempt()).as(step.name()).isEqualTo(1);
                        });
        assertThat(s.log.get(s.log.size() - 1)).isInstanceOf(CreationSucceeded.class);
        assertThat(s.state.claim()).isNotNull();
    }

    @Test
    void aDuplicateSuccessReportDecidesNothing() {
        Scenario s = Scenario.accepted();
        StepRef prepare = s.current();
        s.started();
        s.succeeded();

        List<DomainEvent> again =
                s.report(
                        new HostReport.StepSucceeded(
                                prepare, Scenario.HOST, Map.of(), s.now, s.now));

        assertThat(again).isEmpty();
        assertThat(s.state.currentStep()).isEqualTo(StepName.CREATE_SHELL);
    }

    @Test
    void aStepWhoseStartWasNotReportedStartsWhenTheAgentTookIt() {
        Scenario s = Scenario.accepted();
        StepRef prepare = s.current();
        java.time.Instant taken = s.now.plusMillis(3);
        s.later(Duration.ofMillis(20));

        List<DomainEvent> done =
                s.report(
                        new HostReport.StepSucceeded(
                                prepare, Scenario.HOST, Map.of(), taken, s.now));

        assertThat(done)
                .first()
                .isInstanceOfSatisfying(
                        StepSucceeded.class, e -> assertThat(e.startedAt()).isEqualTo(taken));
        StepState step = s.state.step(prepare.step());
        assertThat(step.startedAt()).isEqualTo(taken);
        assertThat(step.endedAt()).isEqualTo(s.now);
    }

    @Test
    void aReportedStartIsKeptWhenTheSuccessComes() {
        Scenario s = Scenario.accepted();
        StepRef prepare = s.current();
        java.time.Instant reported = s.now;
        s.started();
        s.later(Duration.ofSeconds(1));

        List<DomainEvent> done =
                s.report(
                        new HostReport.StepSucceeded(
                                prepare, Scenario.HOST, Map.of(), reported.minusMillis(1), s.now));

        assertThat(done)
                .first()
                .isInstanceOfSatisfying(
                        StepSucceeded.class, e -> assertThat(e.startedAt()).isNull());
        assertThat(s.state.step(prepare.step()).startedAt()).isEqualTo(reported);
    }

    @Test
    void aReportFromASupersededEpochIsIgnored() {
        Scenario s = Scenario.accepted().runUntil(StepName.POPULATE_MEMORY);
        StepRef old = s.current();
        s.decide(new Trigger.DestroyRequested("test"));

        List<DomainEvent> late =
                s.report(new HostReport.StepSucceeded(old, Scenario.HOST, Map.of(), s.now, s.now));

        assertThat(late).isEmpty();
        assertThat(s.state.epoch()).isEqualTo(2);
        assertThat(s.state.step(StepName.POPULATE_MEMORY).status()).isEqualTo(StepStatus.FAILED);
        assertThat(s.state.step(StepName.POPULATE_MEMORY).error()).contains("abandoned");
    }

    @Test
    void aReportForAnOlderAttemptIsIgnored() {
        Scenario s = Scenario.accepted().runUntil(StepName.CREATE_SHELL);
        StepRef first = s.current();
        s.failed(FailureCode.HYPERVISOR_ERROR, true);
        s.later(Duration.ofSeconds(2)).decide(new Trigger.RetryDue(StepName.CREATE_SHELL, 2));

        assertThat(
                        s.report(
                                new HostReport.StepSucceeded(
                                        first, Scenario.HOST, Map.of(), s.now, s.now)))
                .isEmpty();
        assertThat(s.current().attempt()).isEqualTo(2);
    }

    @Test
    void aRetryableFailureIsRetriedWithBackoffAndThenSucceeds() {
        Scenario s = Scenario.accepted().runUntil(StepName.CREATE_SHELL);

        List<DomainEvent> failed = s.failed(FailureCode.HYPERVISOR_ERROR, true);
        assertThat(failed)
                .last()
                .isInstanceOfSatisfying(
                        StepRetryScheduled.class,
                        r -> {
                            assertThat(r.nextAttempt()).isEqualTo(2);
                            assertThat(r.notBefore())
                                    .isEqualTo(s.now.plus(Scenario.SETTINGS.initialBackoff()));
                        });
        assertThat(s.decide(new Trigger.RetryDue(StepName.CREATE_SHELL, 3)))
                .as("wrong attempt")
                .isEmpty();
        assertThat(s.decide(new Trigger.RetryDue(StepName.CREATE_SHELL, 2)))
                .singleElement()
                .isInstanceOf(StepDispatched.class);
        s.runToEnd();
        assertThat(s.state.status()).isEqualTo(DomainStatus.RUNNING);
        assertThat(s.state.step(StepName.CREATE_SHELL).attempt()).isEqualTo(2);
    }

    @Test
    void aRetryKeepsTheLastCheckpointSoTheAgentCanResume() {
        Scenario s = Scenario.accepted().runUntil(StepName.POPULATE_MEMORY);
        s.started();
        s.progressed(0.4, Map.of("pagesDone", "52428"));
        s.later(Scenario.SETTINGS.timeout())
                .decide(new Trigger.DeadlineReached(StepName.POPULATE_MEMORY, 1));

        List<DomainEvent> retried = s.decide(new Trigger.RetryDue(StepName.POPULATE_MEMORY, 2));

        assertThat(retried)
                .singleElement()
                .isInstanceOfSatisfying(
                        StepDispatched.class,
                        d -> assertThat(d.resumeFrom()).containsEntry("pagesDone", "52428"));
    }

    @Test
    void aStepThatFailsForGoodIsCompensatedUnderANewEpochAndEndsFailedWithNothingHeld() {
        Scenario s =
                Scenario.accepted(List.of(new GuestSpec.PciFunction("0000:3b:00.0", "flr", 60000)))
                        .runUntil(StepName.ASSIGN_PCI);
        s.started();

        s.failed(FailureCode.PCI_DEVICE_BUSY, false);
        assertThat(s.state.status()).isEqualTo(DomainStatus.ROLLING_BACK);
        assertThat(s.state.epoch()).isEqualTo(2);
        assertThat(s.state.currentStep()).isEqualTo(StepName.PAUSE_DOMAIN);
        s.runToEnd();

        assertThat(s.state.status()).isEqualTo(DomainStatus.FAILED);
        assertThat(s.state.failureReason()).contains("ASSIGN_PCI").contains("PCI_DEVICE_BUSY");
        assertThat(s.state.claim()).isNull();
        assertThat(s.state.step(StepName.CREATE_SHELL).status()).isEqualTo(StepStatus.COMPENSATED);
        assertThat(s.state.step(StepName.ASSIGN_PCI).status()).isEqualTo(StepStatus.FAILED);
        assertThat(s.state.step(StepName.DETACH_PCI).status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(s.log).filteredOn(e -> e instanceof ResourcesReleased).hasSize(1);
    }

    @Test
    void aFailureBeforeAnythingExistsOnTheHostOnlyReleasesTheClaim() {
        Scenario s = Scenario.accepted();

        s.failed(FailureCode.ARTIFACT_MISSING, false);

        assertThat(s.state.status()).isEqualTo(DomainStatus.FAILED);
        assertThat(s.log)
                .noneMatch(e -> e instanceof StepDispatched d && d.step() == StepName.PAUSE_DOMAIN);
        assertThat(s.state.claim()).isNull();
    }

    @Test
    void timeoutsUseUpTheAttemptBudgetAndThenCompensate() {
        Scenario s = Scenario.accepted().runUntil(StepName.LOAD_IMAGES);
        for (int attempt = 1; attempt <= Scenario.SETTINGS.maxAttempts(); attempt++) {
            s.later(Scenario.SETTINGS.timeout())
                    .decide(new Trigger.DeadlineReached(StepName.LOAD_IMAGES, attempt));
            if (attempt < Scenario.SETTINGS.maxAttempts()) {
                s.decide(new Trigger.RetryDue(StepName.LOAD_IMAGES, attempt + 1));
            }
        }
        assertThat(s.state.status()).isEqualTo(DomainStatus.ROLLING_BACK);
        assertThat(s.state.step(StepName.LOAD_IMAGES).status()).isEqualTo(StepStatus.TIMED_OUT);
        assertThat(s.log)
                .filteredOn(e -> e instanceof StepTimedOut)
                .hasSize(Scenario.SETTINGS.maxAttempts());
    }

    @Test
    void aDeadlineThatFiresAfterTheStepMovedOnDecidesNothing() {
        Scenario s = Scenario.accepted();
        s.started();
        s.succeeded();

        assertThat(s.decide(new Trigger.DeadlineReached(StepName.PREPARE_IMAGES, 1))).isEmpty();
    }

    @Test
    void destroyingARunningDomainRunsTheWholeDestroyPlanAndReleasesTheClaim() {
        Scenario s = Scenario.accepted().runToEnd();

        s.decide(new Trigger.DestroyRequested("test"));
        assertThat(s.state.status()).isEqualTo(DomainStatus.DESTROYING);
        assertThat(s.state.currentStep()).isEqualTo(StepName.REQUEST_SHUTDOWN);
        assertThat(s.decide(new Trigger.DestroyRequested("again"))).as("idempotent").isEmpty();
        s.runToEnd();

        assertThat(s.state.status()).isEqualTo(DomainStatus.DESTROYED);
        assertThat(s.state.claim()).isNull();
        assertThat(CreationPlan.DESTROY)
                .allSatisfy(
                        step ->
                                assertThat(s.state.step(step).status())
                                        .isEqualTo(StepStatus.SUCCEEDED));
    }

    @Test
    void aDestroyStepThatKeepsFailingStallsVisiblyAndKeepsRetrying() {
        Scenario s = Scenario.accepted().runToEnd();
        s.decide(new Trigger.DestroyRequested("test"));
        s.started();
        s.succeeded(); // REQUEST_SHUTDOWN
        for (int attempt = 1; attempt <= Scenario.SETTINGS.maxAttempts() + 1; attempt++) {
            s.failed(FailureCode.HYPERVISOR_ERROR, false);
            s.decide(new Trigger.RetryDue(StepName.PAUSE_DOMAIN, attempt + 1));
        }
        assertThat(s.state.stalled()).isTrue();
        assertThat(s.state.status()).isEqualTo(DomainStatus.DESTROYING);
        assertThat(s.state.claim()).as("a domain that may still exist keeps its claim").isNotNull();
        assertThat(s.log).filteredOn(e -> e instanceof DestroyStalled).hasSize(1);
        s.runToEnd();
        assertThat(s.state.status()).isEqualTo(DomainStatus.DESTROYED);
    }

    @Test
    void progressIsCoalescedSoAStreamStaysShort() {
        Scenario s = Scenario.accepted().runUntil(StepName.POPULATE_MEMORY);
        s.started();
        int before = s.log.size();
        for (int i = 1; i <= 1000; i++) {
            s.later(Duration.ofMillis(10))
                    .progressed(i / 1000.0, Map.of("pagesDone", Integer.toString(i)));
        }
        long recorded = s.log.size() - before;
        assertThat(recorded).isBetween(10L, 12L);
    }

    @Test
    void aSlowStepStillRecordsProgressEveryIntervalSoItsDeadlineMoves() {
        Scenario s = Scenario.accepted().runUntil(StepName.POPULATE_MEMORY);
        s.started();
        s.progressed(0.01, Map.of());
        s.later(Scenario.SETTINGS.progressInterval());

        assertThat(s.progressed(0.02, Map.of())).singleElement().isInstanceOf(StepProgressed.class);
    }

    @Test
    void theFirstProgressAfterAResumeIsAlwaysRecorded() {
        Scenario s = Scenario.accepted().runUntil(StepName.POPULATE_MEMORY);
        s.started();
        s.progressed(0.5, Map.of());

        assertThat(s.progressed(0.51, Map.of("resumedFromPages", "65536"))).hasSize(1);
    }

    @Test
    void progressBeforeStartImpliesStarted() {
        Scenario s = Scenario.accepted();

        List<DomainEvent> events = s.progressed(0.3, Map.of());

        assertThat(events).hasSize(2).first().isInstanceOf(StepStarted.class);
    }

    @Test
    void aTerminalDomainDecidesNothing() {
        Scenario s = Scenario.accepted();
        s.failed(FailureCode.ARTIFACT_MISSING, false);

        assertThat(s.decide(new Trigger.DestroyRequested("late"))).isEmpty();
        assertThat(s.decide(new Trigger.DeadlineReached(StepName.PREPARE_IMAGES, 1))).isEmpty();
    }

    @Test
    void replayingTheStoredEventsRebuildsTheSameStateAndTheSameDecisions() {
        Scenario s = Scenario.accepted().runUntil(StepName.POPULATE_MEMORY);
        s.started();
        DomainState replayed = s.replayed();

        assertThat(replayed.version()).isEqualTo(s.state.version());
        assertThat(replayed.steps()).isEqualTo(s.state.steps());
        HostReport done =
                new HostReport.StepSucceeded(s.current(), Scenario.HOST, Map.of(), s.now, s.now);
        assertThat(s.decider.decide(replayed, new Trigger.Report(done), s.now))
                .isEqualTo(s.decider.decide(s.replayed(), new Trigger.Report(done), s.now));
    }

    @Test
    void anEventThatFitsNoTransitionFailsLoudlyWithTheDomainAndHistory() {
        Scenario s = Scenario.accepted().runToEnd();

        assertThatThrownBy(() -> s.state.apply(new CreationSucceeded(s.now)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(s.id.toString())
                .hasMessageContaining("RUNNING -[CreationSucceeded]-> RUNNING")
                .hasMessageContaining("recent history");
    }

    private static final HostId OTHER = HostId.of("host-2");

    private static Trigger.HostDown hostDown(Scenario s, HostId down) {
        return new Trigger.HostDown(
                down,
                new DomainEvent.HostAssigned(
                        OTHER, 1, s.state.spec().maxMemoryKiB(), 1, List.of(), s.now));
    }

    @Test
    void aRunningDomainOfAHostDeclaredLostIsRecreatedElsewhereUnderANewEpochAndRunsAgain() {
        Scenario s = Scenario.accepted().runToEnd();
        long epoch = s.state.epoch();

        List<DomainEvent> events =
                s.decide(new Trigger.Recreate(Scenario.HOST, hostDown(s, OTHER).replacement()));

        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("EpochAdvanced", "DomainReplaced", "StepDispatched");
        assertThat(s.state.status()).isEqualTo(DomainStatus.CREATING);
        assertThat(s.state.hostId()).isEqualTo(OTHER);
        assertThat(s.state.epoch()).isEqualTo(epoch + 1);
        assertThat(s.state.claim().hostId()).isEqualTo(OTHER);
        assertThat(s.state.currentStep()).isEqualTo(CreationPlan.firstAgentStep());
        s.runToEnd();
        assertThat(s.state.status()).isEqualTo(DomainStatus.RUNNING);
        assertThat(s.replayed().status()).isEqualTo(DomainStatus.RUNNING);
    }

    @Test
    void aRunningDomainOfAHostDeclaredLostWithoutRecreationIsLostAndHoldsNothing() {
        Scenario s = Scenario.accepted().runToEnd();

        assertThat(s.decide(new Trigger.HostLost(OTHER, "elsewhere"))).isEmpty();
        assertThat(s.decide(new Trigger.Recreate(OTHER, hostDown(s, OTHER).replacement())))
                .as("the domain is on another host")
                .isEmpty();
        List<DomainEvent> events = s.decide(new Trigger.HostLost(Scenario.HOST, "flooded"));

        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("DomainLost");
        assertThat(((DomainEvent.DomainLost) events.get(0)).reason()).contains("flooded");
        assertThat(s.state.status()).isEqualTo(DomainStatus.LOST);
        assertThat(s.state.status().isTerminal()).isTrue();
        assertThat(s.state.claim()).isNull();
        assertThat(s.decide(new Trigger.DestroyRequested("too late"))).isEmpty();
    }

    @Test
    void aTeardownOnAHostDeclaredLostEndsThereWithItsClaimReleased() {
        Scenario destroying = Scenario.accepted().runToEnd();
        destroying.decide(new Trigger.DestroyRequested("test"));
        assertThat(
                        destroying.decide(
                                new Trigger.Recreate(
                                        Scenario.HOST, hostDown(destroying, OTHER).replacement())))
                .as("nothing to re-create in a teardown")
                .isEmpty();
        assertThat(destroying.decide(new Trigger.HostLost(Scenario.HOST, "gone")))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("ResourcesReleased", "DomainDestroyed");
        assertThat(destroying.state.status()).isEqualTo(DomainStatus.DESTROYED);
        assertThat(destroying.state.claim()).isNull();

        Scenario rollingBack =
                Scenario.accepted(List.of(new GuestSpec.PciFunction("0000:3b:00.0", "flr", 60000)))
                        .runUntil(StepName.ASSIGN_PCI);
        rollingBack.started();
        rollingBack.failed(FailureCode.PCI_DEVICE_BUSY, false);
        List<DomainEvent> ended = rollingBack.decide(new Trigger.HostLost(Scenario.HOST, "gone"));
        assertThat(ended)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("ResourcesReleased", "CreationFailed");
        assertThat(((CreationFailed) ended.get(1)).reason()).contains("declared lost");
        assertThat(rollingBack.state.status()).isEqualTo(DomainStatus.FAILED);
        assertThat(rollingBack.state.claim()).isNull();
    }

    @Test
    void aCreationBeingBuiltIsNotRecreatedNorLostByTheDeclarationButReplacedAsOffADownHost() {
        Scenario s = Scenario.accepted().runUntil(StepName.POPULATE_MEMORY);
        s.started();

        assertThat(s.decide(new Trigger.HostLost(Scenario.HOST, "gone"))).isEmpty();
        assertThat(s.decide(new Trigger.Recreate(Scenario.HOST, hostDown(s, OTHER).replacement())))
                .isEmpty();
        assertThat(s.state.status()).isEqualTo(DomainStatus.CREATING);
    }

    @Test
    void aCreationWhoseHostWentDownStartsOverOnAnotherHostUnderANewEpoch() {
        Scenario s = Scenario.accepted().runUntil(StepName.POPULATE_MEMORY);
        s.started();
        StepRef old = s.current();

        List<DomainEvent> events = s.decide(hostDown(s, Scenario.HOST));

        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("EpochAdvanced", "DomainReplaced", "StepDispatched");
        var replaced = (DomainEvent.DomainReplaced) events.get(1);
        assertThat(replaced.fromHost()).isEqualTo(Scenario.HOST);
        assertThat(replaced.hostId()).isEqualTo(OTHER);
        assertThat(replaced.epoch()).isEqualTo(2);
        var dispatched = (DomainEvent.StepDispatched) events.get(2);
        assertThat(dispatched.step()).isEqualTo(CreationPlan.firstAgentStep());
        assertThat(dispatched.epoch()).isEqualTo(2);
        assertThat(dispatched.attempt()).isEqualTo(1);
        assertThat(s.state.status()).isEqualTo(DomainStatus.CREATING);
        assertThat(s.state.hostId()).isEqualTo(OTHER);
        assertThat(s.state.claim().hostId()).isEqualTo(OTHER);
        assertThat(s.state.step(StepName.CREATE_SHELL).status()).isEqualTo(StepStatus.PENDING);
        assertThat(s.state.step(StepName.POPULATE_MEMORY).status()).isEqualTo(StepStatus.PENDING);
        assertThat(s.state.step(StepName.RESERVE_RESOURCES).status())
                .isEqualTo(StepStatus.SUCCEEDED);

        assertThat(
                        s.report(
                                new HostReport.StepSucceeded(
                                        old, Scenario.HOST, Map.of(), s.now, s.now)))
                .as("the old host's late report is fenced")
                .isEmpty();
        s.runToEnd();
        assertThat(s.state.status()).isEqualTo(DomainStatus.RUNNING);
        assertThat(s.state.hostId()).isEqualTo(OTHER);
        assertThat(s.replayed().steps()).isEqualTo(s.state.steps());
        assertThat(s.replayed().claim()).isEqualTo(s.state.claim());
    }

    @Test
    void onlyACreationStillBuildingOnTheDownHostIsReplaced() {
        Scenario running = Scenario.accepted().runToEnd();
        assertThat(running.decide(hostDown(running, Scenario.HOST))).isEmpty();

        Scenario elsewhere = Scenario.accepted().runUntil(StepName.CREATE_SHELL);
        assertThat(elsewhere.decide(hostDown(elsewhere, HostId.of("host-9")))).isEmpty();

        Scenario destroying = Scenario.accepted().runUntil(StepName.LOAD_IMAGES);
        destroying.decide(new Trigger.DestroyRequested("test"));
        assertThat(destroying.decide(hostDown(destroying, Scenario.HOST))).isEmpty();
    }

    @Test
    void aStepWaitingForItsRetryOrTimedOutStartsOverToo() {
        Scenario failed = Scenario.accepted().runUntil(StepName.CONFIGURE_DOMAIN);
        failed.failed(FailureCode.HYPERVISOR_ERROR, true);
        failed.decide(hostDown(failed, Scenario.HOST));
        assertThat(failed.state.step(StepName.CONFIGURE_DOMAIN).status())
                .isEqualTo(StepStatus.PENDING);
        assertThat(failed.decide(new Trigger.RetryDue(StepName.CONFIGURE_DOMAIN, 2)))
                .as("the old host's retry timer is moot")
                .isEmpty();

        Scenario timedOut = Scenario.accepted().runUntil(StepName.LOAD_IMAGES);
        timedOut.later(Scenario.SETTINGS.timeout())
                .decide(new Trigger.DeadlineReached(StepName.LOAD_IMAGES, 1));
        timedOut.decide(hostDown(timedOut, Scenario.HOST));
        assertThat(timedOut.state.step(StepName.LOAD_IMAGES).status())
                .isEqualTo(StepStatus.PENDING);
        assertThat(timedOut.state.epoch()).isEqualTo(2);
    }

    @Test
    void everyRowOfTheTransitionTableIsExercised() {
        Set<CreationPlan.Transition> before = new HashSet<>(DomainState.EXERCISED);
        CreationDeciderTests t = new CreationDeciderTests();
        t.aHealthyCreationRunsAllTwelveStepsInPlanOrderAndEndsRunning();
        t.aStepThatFailsForGoodIsCompensatedUnderANewEpochAndEndsFailedWithNothingHeld();
        t.timeoutsUseUpTheAttemptBudgetAndThenCompensate();
        t.destroyingARunningDomainRunsTheWholeDestroyPlanAndReleasesTheClaim();
        t.aDestroyStepThatKeepsFailingStallsVisiblyAndKeepsRetrying();
        t.progressIsCoalescedSoAStreamStaysShort();
        t.aReportFromASupersededEpochIsIgnored();
        t.aRetryableFailureIsRetriedWithBackoffAndThenSucceeds();
        t.aCreationWhoseHostWentDownStartsOverOnAnotherHostUnderANewEpoch();
        t.aStepWaitingForItsRetryOrTimedOutStartsOverToo();
        t.aRunningDomainOfAHostDeclaredLostIsRecreatedElsewhereUnderANewEpochAndRunsAgain();
        t.aRunningDomainOfAHostDeclaredLostWithoutRecreationIsLostAndHoldsNothing();
        t.aTeardownOnAHostDeclaredLostEndsThereWithItsClaimReleased();
        t.aCreationBeingBuiltIsNotRecreatedNorLostByTheDeclarationButReplacedAsOffADownHost();
        Scenario started = Scenario.accepted().runUntil(StepName.CREATE_SHELL);
        started.started();
        started.decide(new Trigger.DestroyRequested("while started"));
        Scenario slow = Scenario.accepted();
        slow.started();
        slow.later(Scenario.SETTINGS.timeout())
                .decide(new Trigger.DeadlineReached(StepName.PREPARE_IMAGES, 1));
        Scenario failedWhileDispatched = Scenario.accepted();
        failedWhileDispatched.failed(FailureCode.HYPERVISOR_ERROR, true);
        Scenario successWithoutStart = Scenario.accepted();
        successWithoutStart.succeeded();
        Scenario replacedWhileDispatched = Scenario.accepted();
        replacedWhileDispatched.decide(hostDown(replacedWhileDispatched, Scenario.HOST));

        Set<CreationPlan.Transition> exercised = new HashSet<>(DomainState.EXERCISED);
        exercised.addAll(before);
        assertThat(exercised).containsAll(CreationPlan.TRANSITIONS);
    }

    @Test
    void decidingLeavesTheStateItIsGivenAsItWasWhateverTheTrigger() {
        // Scenario.decide checks this on every decision of this class; here one state in the middle
        // of a step meets every kind of trigger, most of which decide something.
        Scenario s = Scenario.accepted().runUntil(StepName.POPULATE_MEMORY);
        s.started();
        s.progressed(0.2, Map.of("pagesDone", "1"));
        DomainState given = s.state;
        DomainState twin = s.replayed();
        StepRef ref = s.current();
        List<Trigger> triggers =
                List.of(
                        new Trigger.Report(new HostReport.StepStarted(ref, Scenario.HOST, s.now)),
                        new Trigger.Report(
                                new HostReport.StepProgressed(
                                        ref, Scenario.HOST, 0.9, Map.of("pagesDone", "9"), s.now)),
                        new Trigger.Report(
                                new HostReport.StepSucceeded(
                                        ref, Scenario.HOST, Map.of(), s.now, s.now)),
                        new Trigger.Report(
                                new HostReport.StepFailed(
                                        ref,
                                        Scenario.HOST,
                                        FailureCode.HYPERVISOR_ERROR,
                                        "x",
                                        false,
                                        s.now)),
                        new Trigger.DeadlineReached(StepName.POPULATE_MEMORY, 1),
                        new Trigger.RetryDue(StepName.POPULATE_MEMORY, 2),
                        new Trigger.DestroyRequested("test"),
                        hostDown(s, Scenario.HOST),
                        hostDown(s, OTHER));

        long decisive =
                triggers.stream().filter(t -> !s.decider.decide(given, t, s.now).isEmpty()).count();

        Scenario.assertUnchanged(given, twin);
        assertThat(decisive).as("triggers that decided something").isGreaterThanOrEqualTo(6);
    }

    /** The kinds of thing each type of trigger can find: see {@link CreationPlan.Finds}. */
    private static Set<CreationPlan.Finds> findable(Trigger.Type type) {
        return switch (type) {
            case DESTROY_REQUEST -> EnumSet.of(CreationPlan.Finds.DOMAIN);
            case HOST_DOWN, RECREATE, HOST_LOST ->
                    EnumSet.of(CreationPlan.Finds.DOMAIN, CreationPlan.Finds.STALE);
            default -> EnumSet.complementOf(EnumSet.of(CreationPlan.Finds.DOMAIN));
        };
    }

    @Test
    void everyStatusTriggerAndFindingHasExactlyOneRowSoNothingFallsThrough() {
        for (DomainStatus status : DomainStatus.values()) {
            for (Trigger.Type type : Trigger.Type.values()) {
                for (CreationPlan.Finds found : findable(type)) {
                    long rows =
                            CreationPlan.RULES.stream()
                                    .filter(r -> r.matches(status, type, found))
                                    .count();
                    assertThat(rows)
                            .as("%s on %s finding %s", status, type, found)
                            .isEqualTo(status == DomainStatus.ACCEPTED ? 0 : 1);
                }
            }
        }
        assertThat(CreationPlan.RULES)
                .allSatisfy(
                        r ->
                                assertThat(r.then() == CreationPlan.Action.IGNORE)
                                        .as("a row ignores exactly when it says why: %s", r)
                                        .isEqualTo(r.why() != null && !r.why().isBlank()));
    }

    @Test
    void aCombinationNoRowCoversFailsLoudlyWithTheDomainAndHistory() {
        Scenario s = Scenario.accepted();
        DomainState accepted = DomainState.replay(s.id, List.of(s.log.get(0)));

        assertThatThrownBy(
                        () ->
                                s.decider.decide(
                                        accepted, new Trigger.DestroyRequested("now"), s.now))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(s.id.toString())
                .hasMessageContaining("no rule for ACCEPTED on DESTROY_REQUEST")
                .hasMessageContaining("DomainRequested");
        assertThatThrownBy(
                        () ->
                                s.decider.decide(
                                        new DomainState(s.id),
                                        new Trigger.DestroyRequested("now"),
                                        s.now))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(s.id.toString());
    }

    private static String why(Scenario s, Trigger trigger) {
        return s.decider.ruleFor(s.state, trigger).why();
    }

    @Test
    void anIgnoredTriggerFallsOnARowThatSaysWhy() {
        Scenario s = Scenario.accepted();
        StepRef prepare = s.current();
        s.started();
        Trigger startedAgain =
                new Trigger.Report(new HostReport.StepStarted(prepare, Scenario.HOST, s.now));
        assertThat(why(s, startedAgain)).isEqualTo("a repeated start");

        s.succeeded();
        Trigger late =
                new Trigger.Report(
                        new HostReport.StepSucceeded(
                                prepare, Scenario.HOST, Map.of(), s.now, s.now));
        assertThat(why(s, late)).contains("late or fenced");
        assertThat(why(s, new Trigger.DeadlineReached(StepName.PREPARE_IMAGES, 1)))
                .contains("moved on");

        s.decide(new Trigger.DestroyRequested("test"));
        assertThat(why(s, new Trigger.DestroyRequested("again")))
                .contains("already being torn down");
    }

    /**
     * Runs {@code s} to {@code step}, records a checkpoint for it, fails it (retryably) and returns
     * the retry's dispatch.
     */
    private static StepDispatched retryAfterCheckpoint(Scenario s, StepName step) {
        s.runUntil(step);
        s.started();
        s.progressed(0.5, Map.of("done", "half"));
        s.failed(FailureCode.HYPERVISOR_ERROR, true);
        int next = s.state.step(step).attempt() + 1;
        return (StepDispatched)
                s.later(Duration.ofMinutes(1)).decide(new Trigger.RetryDue(step, next)).get(0);
    }

    @Test
    void aRetryResumesFromTheLastCheckpointOnlyForACheckpointedStepAndStartsOverOtherwise() {
        List<StepName> agentSteps =
                CreationPlan.createSteps().stream().filter(StepName::runsOnAgent).toList();
        assertThat(agentSteps)
                .extracting(CreationPlan::kind)
                .contains(CreationPlan.Kind.CHECKPOINTED, CreationPlan.Kind.IDEMPOTENT);
        for (StepName step : agentSteps) {
            StepDispatched retry = retryAfterCheckpoint(Scenario.accepted(), step);
            assertThat(retry.resumeFrom())
                    .as(step + " is " + CreationPlan.kind(step))
                    .isEqualTo(
                            CreationPlan.kind(step) == CreationPlan.Kind.CHECKPOINTED
                                    ? Map.of("done", "half")
                                    : Map.of());
        }
    }

    @Test
    void aDestroyStepResumesFromItsCheckpointOnlyWhenCheckpointedToo() {
        for (StepName step : List.of(StepName.PAUSE_DOMAIN, StepName.DETACH_PCI)) {
            Scenario s = Scenario.accepted().runToEnd();
            s.decide(new Trigger.DestroyRequested("test"));
            StepDispatched retry = retryAfterCheckpoint(s, step);
            assertThat(retry.resumeFrom())
                    .as(step + " is " + CreationPlan.kind(step))
                    .isEqualTo(step == StepName.DETACH_PCI ? Map.of("done", "half") : Map.of());
        }
        assertThat(CreationPlan.kind(StepName.DETACH_PCI))
                .isEqualTo(CreationPlan.Kind.CHECKPOINTED);
        assertThat(CreationPlan.kind(StepName.PAUSE_DOMAIN))
                .isEqualTo(CreationPlan.Kind.IDEMPOTENT);
    }

    @Test
    void everyRowOfTheRuleTableIsUsed() throws Exception {
        for (Method m : CreationDeciderTests.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Test.class) && !m.getName().startsWith("everyRow")) {
                m.invoke(new CreationDeciderTests());
            }
        }
        Scenario startedTwice = Scenario.accepted();
        startedTwice.started();
        startedTwice.started();
        Scenario failedTwice = Scenario.accepted();
        StepRef ref = failedTwice.current();
        failedTwice.failed(FailureCode.HYPERVISOR_ERROR, true);
        failedTwice.report(
                new HostReport.StepFailed(
                        ref,
                        Scenario.HOST,
                        FailureCode.HYPERVISOR_ERROR,
                        "again",
                        true,
                        failedTwice.now));
        failedTwice.decide(new Trigger.RetryDue(StepName.PREPARE_IMAGES, 2));
        failedTwice.decide(new Trigger.RetryDue(StepName.PREPARE_IMAGES, 2));

        assertThat(CreationDecider.USED).containsAll(CreationPlan.RULES);
    }
}
