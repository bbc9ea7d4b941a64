package io.slipway.orchestrator.reap;

import io.slipway.orchestrator.hosts.HostRegistry;
import io.slipway.orchestrator.hosts.HostRegistry.LostPolicy;
import io.slipway.protocol.HostId;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator declares a host lost: in one transaction the host becomes LOST (no placement, and it
 * stays LOST if heard again) with the policy for its running domains, and the reaps waiting for it
 * are closed. The domains themselves are moved on by the host monitor, one decision each, so that a
 * crash half way leaves nothing to redo by hand: the monitor simply finds the rest next time.
 */
@Component
public class HostLoss {
    private final HostRegistry registry;
    private final ReapTable reaps;
    private final TransactionTemplate tx;
    private final Clock clock;

    public HostLoss(HostRegistry registry, ReapTable reaps, TransactionTemplate tx, Clock clock) {
        this.registry = registry;
        this.reaps = reaps;
        this.tx = tx;
        this.clock = clock;
    }

    /** Returns false for an unknown host. */
    public boolean declare(HostId host, LostPolicy policy, String reason) {
        Instant now = Instant.now(clock);
        return Boolean.TRUE.equals(
                tx.execute(
                        status -> {
                            if (!registry.declareLost(host, policy, reason, now)) {
                                return false;
                            }
                            reaps.closeWaitingFor(host, "host declared lost: " + reason, now);
                            return true;
                        }));
    }
}
