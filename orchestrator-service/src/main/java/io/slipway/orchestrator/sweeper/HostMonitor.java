package io.slipway.orchestrator.sweeper;

import io.slipway.orchestrator.domains.DomainService;
import io.slipway.orchestrator.gate.RecoveryGate;
import io.slipway.orchestrator.hosts.AgentLink;
import io.slipway.orchestrator.hosts.HostRegistry;
import io.slipway.orchestrator.hosts.HostSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Declares hosts DOWN when their heartbeats stop, and re-places the creations still being built on
 * DOWN hosts. Safe to run on every replica: marking is one conditional update, and re-placement is
 * decided per domain with optimistic concurrency.
 *
 * <p>Silence only counts while this orchestrator could have heard a heartbeat. Right after it
 * starts, after its own checks could not run (database unreachable), and while no host at all is
 * heard (the heartbeat pipeline, Kafka or the listener, is the likelier culprit than every host at
 * once), the watch starts over: no host is declared DOWN until a whole timeout has passed since. A
 * one-host installation therefore never declares its only host DOWN; with nowhere else to put a
 * creation, that costs nothing.
 */
@Component
public class HostMonitor {
    private static final Logger log = LoggerFactory.getLogger(HostMonitor.class);

    private final HostRegistry registry;
    private final AgentLink link;
    private final DomainService domains;
    private final HostSettings settings;
    private final Clock clock;
    private final RecoveryGate gate;
    private Instant watchingSince;
    private Instant lastCheck;

    public HostMonitor(
            HostRegistry registry,
            AgentLink link,
            DomainService domains,
            HostSettings settings,
            Clock clock,
            RecoveryGate gate) {
        this.gate = gate;
        this.registry = registry;
        this.link = link;
        this.domains = domains;
        this.settings = settings;
        this.clock = clock;
        this.watchingSince = Instant.now(clock);
    }

    @Scheduled(fixedDelayString = "${slipway.hosts.check-interval:1s}")
    public synchronized void check() {
        if (!gate.isOpen()) {
            // the log is catching up: judging hosts by it now would move domains it is behind on
            watchingSince = Instant.now(clock);
            return;
        }
        // An operator's declaration, not a judgment of silence: carried out whatever is heard.
        moveOffLostHosts();
        Instant now = Instant.now(clock);
        Instant silentSince = now.minus(settings.heartbeatTimeout());
        Optional<Instant> newest = link.newestHeartbeat();
        // Only a check that reached the database counts as watching.
        Duration gap = lastCheck == null ? Duration.ZERO : Duration.between(lastCheck, now);
        lastCheck = now;
        if (gap.compareTo(settings.checkInterval().multipliedBy(3).plusSeconds(1)) > 0) {
            log.warn("host checks could not run for {}: watching hosts afresh", gap);
            watchingSince = now;
        }
        if (newest.isPresent() && newest.get().isBefore(silentSince)) {
            if (!watchingSince.isAfter(silentSince)) {
                log.warn(
                        "no heartbeat from any host since {}: suspecting the heartbeat pipeline,"
                                + " declaring no host DOWN",
                        newest.get());
            }
            watchingSince = now;
            return;
        }
        if (watchingSince.isAfter(silentSince)) {
            return;
        }
        registry.markSilentHostsDown(silentSince);
        for (HostRegistry.Stranded s : registry.strandedCreations()) {
            if (domains.replaceOffDownHost(s.domainId(), s.hostId())) {
                log.warn("domain={} re-placed off DOWN host {}", s.domainId(), s.hostId());
            }
        }
    }

    /**
     * The domains still on hosts declared lost: creations being built there re-placed as off a DOWN
     * host, running ones re-created elsewhere or lost with the host by the declaration's policy,
     * teardowns ended.
     */
    private void moveOffLostHosts() {
        for (HostRegistry.OnLostHost d : registry.domainsOnLostHosts()) {
            boolean moved;
            if (d.state().equals("CREATING")) {
                moved = domains.replaceOffDownHost(d.domainId(), d.hostId());
            } else if (d.state().equals("RUNNING")
                    && d.policy() == HostRegistry.LostPolicy.RECREATE) {
                moved = domains.recreateOffLostHost(d.domainId(), d.hostId());
            } else {
                moved = domains.loseWithHost(d.domainId(), d.hostId(), d.reason());
            }
            if (moved) {
                log.warn(
                        "domain={} moved on from lost host {} ({})",
                        d.domainId(),
                        d.hostId(),
                        d.state());
            }
        }
    }
}
