package io.slipway.orchestrator.domains;

import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.creation.StepSettings;
import io.slipway.orchestrator.creation.StepState;
import io.slipway.protocol.StepRef;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Sends the command of a step in flight again, unchanged (same step, epoch and attempt), and gives
 * it a fresh deadline, recording no event. Used when a log is brought back without its outbox and
 * timers (a restored backup, an import): the agent either never had the command and runs it, or has
 * it in its journal and answers as it did (a step runs once per attempt on the hypervisor). Timing
 * the step out instead would add a StepTimedOut and a retry that an undisturbed run never had; a
 * host that does not answer still reaches the deadline and the normal timeout path.
 */
@Component
public class StepRedispatch {
    private final DomainEffects effects;
    private final Timers timers;
    private final StepSettings settings;

    StepRedispatch(DomainEffects effects, Timers timers, StepSettings settings) {
        this.effects = effects;
        this.timers = timers;
        this.settings = settings;
    }

    /**
     * Re-sends {@code state}'s current step, which must be in flight; must run in a transaction.
     */
    public void resend(DomainState state, Instant now) {
        StepState step = state.step(state.currentStep());
        if (!step.status().inFlight()) {
            throw new IllegalStateException(
                    state.id() + ": " + step.step() + " is " + step.status() + ", not in flight");
        }
        effects.enqueueCommand(
                state,
                new StepRef(state.id(), step.step(), state.epoch(), step.attempt()),
                step.checkpoint());
        timers.schedule(
                state.id(),
                Timers.Kind.DEADLINE,
                step.step(),
                step.attempt(),
                now.plus(settings.timeout()));
    }
}
