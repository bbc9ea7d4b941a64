package io.slipway.orchestrator.sweeper;

import io.slipway.orchestrator.domains.IdempotencyKeys;
import io.slipway.orchestrator.inbox.Inbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets inbox entries and idempotency keys past their retention. Keys are kept at least the
 * configured retention (24 h minimum, DESIGN.md §2.2).
 */
@Component
class Housekeeping {
    private final Inbox inbox;
    private final IdempotencyKeys keys;
    private final Clock clock;
    private final Duration keyRetention;
    private final Duration inboxRetention;

    public Housekeeping(
            Inbox inbox,
            IdempotencyKeys keys,
            Clock clock,
            @Value("${slipway.retention.idempotency-keys:48h}") Duration keyRetention,
            @Value("${slipway.retention.inbox:7d}") Duration inboxRetention) {
        if (keyRetention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException("slipway.retention.idempotency-keys must be >= 24h");
        }
        this.inbox = inbox;
        this.keys = keys;
        this.clock = clock;
        this.keyRetention = keyRetention;
        this.inboxRetention = inboxRetention;
    }

    @Scheduled(fixedDelayString = "${slipway.retention.interval:10m}")
    public void forgetExpired() {
        Instant now = Instant.now(clock);
        keys.forgetBefore(now.minus(keyRetention));
        inbox.forgetBefore(now.minus(inboxRetention));
    }
}
