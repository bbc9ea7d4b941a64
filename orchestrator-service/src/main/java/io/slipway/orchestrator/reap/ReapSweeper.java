package io.slipway.orchestrator.reap;

import io.slipway.orchestrator.gate.RecoveryGate;
import java.time.Clock;
import java.time.Instant;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Sends unanswered reaps again; safe on every replica ({@code SKIP LOCKED}). */
@Component
class ReapSweeper {
    private final ReapTable reaps;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final RecoveryGate gate;

    ReapSweeper(ReapTable reaps, TransactionTemplate tx, Clock clock, RecoveryGate gate) {
        this.gate = gate;
        this.reaps = reaps;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${slipway.reaps.check-interval:1s}")
    void resendDue() {
        if (!gate.isOpen()) {
            return;
        }
        tx.executeWithoutResult(s -> reaps.resendDue(Instant.now(clock)));
    }
}
