package io.slipway.orchestrator.sweeper;

import io.slipway.orchestrator.creation.StepSettings;
import io.slipway.orchestrator.domains.DomainService;
import io.slipway.orchestrator.domains.Timers;
import io.slipway.orchestrator.eventstore.ConcurrencyConflictException;
import io.slipway.orchestrator.gate.RecoveryGate;
import io.slipway.orchestrator.hosts.AgentLink;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires due step deadlines and retries. Each timer is claimed, decided on and deleted in one
 * transaction, so a crash loses no timer and fires none twice; replicas share the work through
 * {@code SKIP LOCKED}. While no agent at all is heard ({@link AgentLink}), due step deadlines are
 * pushed back instead of fired: an outage of Kafka must not use up every creation's attempts.
 */
@Component
class TimerSweeper {
    private static final Logger log = LoggerFactory.getLogger(TimerSweeper.class);
    private static final int MAX_PER_TICK = 500;
    private static final List<Timers.Kind> FIRE_ALL = List.of(Timers.Kind.values());
    private static final List<Timers.Kind> RETRIES_ONLY = List.of(Timers.Kind.RETRY);

    /** Decides on one claimed timer, inside the claiming transaction. */
    @FunctionalInterface
    interface TimerHandler {
        void onTimer(Timers.Due due, Instant now);
    }

    private final Timers timers;
    private final TimerHandler domains;
    private final TransactionTemplate tx;
    private final AgentLink link;
    private final StepSettings steps;
    private final Clock clock;
    private RecoveryGate gate = new RecoveryGate(false);

    @Autowired
    public TimerSweeper(
            Timers timers,
            DomainService domains,
            AgentLink link,
            StepSettings steps,
            TransactionTemplate tx,
            Clock clock,
            RecoveryGate gate) {
        this(timers, (TimerHandler) domains::onTimer, link, steps, tx, clock);
        this.gate = gate;
    }

    TimerSweeper(
            Timers timers,
            TimerHandler domains,
            AgentLink link,
            StepSettings steps,
            TransactionTemplate tx,
            Clock clock) {
        this.timers = timers;
        this.link = link;
        this.steps = steps;
        this.domains = domains;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${slipway.sweeper.interval:200ms}")
    public void sweep() {
        if (!gate.isOpen()) {
            return; // a recovery is catching the log up: its timers are rebuilt afterwards
        }
        Instant start = Instant.now(clock);
        List<Timers.Kind> firing = FIRE_ALL;
        if (!link.heard(start)) {
            // Kafka or our listeners are down, not every agent at once: a step cannot be judged
            // late while its reports cannot reach us (or its command cannot reach the agent).
            // Deadlines that come due later in this sweep are not fired either.
            firing = RETRIES_ONLY;
            int n = timers.postponeDeadlines(start, start.plus(steps.timeout()));
            if (n > 0) {
                log.warn("no agent heard: {} step deadline(s) postponed by {}", n, steps.timeout());
            }
        }
        List<Timers.Kind> kinds = firing;
        for (int i = 0; i < MAX_PER_TICK; i++) {
            try {
                Boolean fired =
                        tx.execute(
                                status -> {
                                    Instant now = Instant.now(clock);
                                    List<Timers.Due> due = timers.claimDue(now, 1, kinds);
                                    due.forEach(d -> domains.onTimer(d, now));
                                    return !due.isEmpty();
                                });
                if (!Boolean.TRUE.equals(fired)) {
                    return;
                }
            } catch (ConcurrencyConflictException
                    | org.springframework.dao.PessimisticLockingFailureException e) {
                // rolled back with its claim: the timer is due again on the next tick
                log.debug("timer raced with another decision, will fire again: {}", e.getMessage());
            }
        }
    }
}
