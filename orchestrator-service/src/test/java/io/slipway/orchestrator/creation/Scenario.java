package io.slipway.orchestrator.creation;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.creation.DomainEvent.DomainRequested;
import io.slipway.orchestrator.creation.DomainEvent.HostAssigned;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A script-style driver for the decider: it plays the agent's part and the passing of time, and
 * keeps every event decided, so tests read as "the agent reports X; then Y is true".
 */
final class Scenario {
    static final HostId HOST = HostId.of("host-1");
    static final StepSettings SETTINGS = StepSettings.defaults();

    final DomainId id = DomainId.random();
    final CreationDecider decider = new CreationDecider(SETTINGS);
    final List<DomainEvent> log = new ArrayList<>();
    DomainState state = new DomainState(id);
    Instant now = Instant.parse("2026-11-25T10:00:00Z");

    static Scenario accepted() {
        return accepted(List.of());
    }

    static Scenario accepted(List<GuestSpec.PciFunction> pci) {
        Scenario s = new Scenario();
        GuestSpec spec =
                new GuestSpec(
                        UUID.randomUUID(),
                        "guest",
                        "x86_64",
                        "pvh",
                        524288,
                        524288,
                        1,
                        List.of(),
                        pci,
                        List.of(),
                        List.of());
        DomainRequested requested =
                new DomainRequested("guest", spec.handle(), "ab", "", spec, 1, "t1", s.now);
        HostAssigned assigned = new HostAssigned(HOST, 1, spec.maxMemoryKiB(), 1, List.of(), s.now);
        s.record(s.decider.accept(s.id, requested, assigned));
        return s;
    }

    /** Records {@code events}: the state is advanced only by applying them. */
    List<DomainEvent> record(List<DomainEvent> events) {
        state = state.applyAll(events);
        log.addAll(events);
        return events;
    }

    /**
     * Decides on {@code trigger} and records the outcome; every decision is also checked to leave
     * the state it was given exactly as it was, field by field.
     */
    List<DomainEvent> decide(Trigger trigger) {
        DomainState given = state;
        DomainState twin = replayed();
        List<DomainEvent> events = decider.decide(given, trigger, now);
        assertUnchanged(given, twin);
        return record(events);
    }

    /**
     * {@code state} equals {@code twin} (an independent replay of the same events) in every
     * instance field, whatever fields are added later; collections compare by their elements.
     */
    static void assertUnchanged(DomainState state, DomainState twin) {
        for (Field f : DomainState.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("ownSteps")) {
                continue; // ownSteps: how the steps are stored, not what they are
            }
            f.setAccessible(true);
            try {
                assertThat(comparable(f.get(state)))
                        .as("decide must leave its input untouched: field %s", f.getName())
                        .isEqualTo(comparable(f.get(twin)));
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static Object comparable(Object value) {
        if (value instanceof Map<?, ?> m) {
            return List.copyOf(m.entrySet()); // in order
        }
        return value instanceof Collection<?> c ? List.copyOf(c) : value;
    }

    StepRef current() {
        StepState s = state.step(state.currentStep());
        return new StepRef(id, s.step(), state.epoch(), s.attempt());
    }

    List<DomainEvent> started() {
        return report(new HostReport.StepStarted(current(), HOST, now));
    }

    List<DomainEvent> progressed(double fraction, Map<String, String> checkpoint) {
        return report(new HostReport.StepProgressed(current(), HOST, fraction, checkpoint, now));
    }

    List<DomainEvent> succeeded() {
        return report(new HostReport.StepSucceeded(current(), HOST, Map.of(), now, now));
    }

    List<DomainEvent> failed(FailureCode code, boolean retryable) {
        return report(
                new HostReport.StepFailed(current(), HOST, code, "simulated", retryable, now));
    }

    List<DomainEvent> report(HostReport report) {
        return decide(new Trigger.Report(report));
    }

    /** Runs every agent step of the current plan to success, as a healthy agent would. */
    Scenario runToEnd() {
        while (!state.status().isTerminal() && state.status() != DomainStatus.RUNNING) {
            started();
            succeeded();
            later(Duration.ofMillis(10));
        }
        return this;
    }

    /** Succeeds every step until {@code step} is the one in flight. */
    Scenario runUntil(StepName step) {
        while (state.currentStep() != step) {
            started();
            succeeded();
        }
        return this;
    }

    Scenario later(Duration d) {
        now = now.plus(d);
        return this;
    }

    DomainState replayed() {
        return DomainState.replay(id, log);
    }
}
