package io.slipway.orchestrator.recovery;

import io.slipway.orchestrator.domains.DomainService;
import io.slipway.orchestrator.gate.RecoveryGate;
import io.slipway.protocol.HostId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The recovery an operator starts the orchestrator in after restoring an older backup ({@code
 * slipway.recovery.catch-up-from-feed=true}): with the {@link RecoveryGate} closed and the report
 * listeners stopped, it catches the log up from the feed ({@link FeedCatchUp}), rebuilds the read
 * model and checks it, waits for every known host that is not lost to send its inventory,
 * reconciles ({@link HostReconciliation}), re-drives unfinished creations, and only then opens the
 * gate and starts the report listeners. A failure leaves the gate closed: nothing decides on a log
 * that may be wrong; the operator reads {@code GET /api/v1/admin/recovery}, fixes and restarts.
 *
 * <p>One recovery at a time per process; run it on one replica only.
 */
@Component
public class CatchUpRecovery {
    private static final Logger log = LoggerFactory.getLogger(CatchUpRecovery.class);
    private static final String REPORTS_LISTENER = "reports";

    private final FeedCatchUp feed;
    private final ProjectionRebuilder rebuilder;
    private final HostReconciliation reconciliation;
    private final RecoveryGate gate;
    private final DomainService domains;
    private final KafkaListenerEndpointRegistry listeners;
    private final JdbcClient jdbc;
    private final RecoverySettings settings;
    private final RecoveryReports stored;
    private final Clock clock;
    private volatile RecoveryStatus status;

    public CatchUpRecovery(
            FeedCatchUp feed,
            ProjectionRebuilder rebuilder,
            HostReconciliation reconciliation,
            RecoveryGate gate,
            DomainService domains,
            KafkaListenerEndpointRegistry listeners,
            JdbcClient jdbc,
            RecoverySettings settings,
            RecoveryReports stored,
            Clock clock) {
        this.feed = feed;
        this.rebuilder = rebuilder;
        this.reconciliation = reconciliation;
        this.gate = gate;
        this.domains = domains;
        this.listeners = listeners;
        this.jdbc = jdbc;
        this.settings = settings;
        this.stored = stored;
        this.clock = clock;
    }

    /**
     * The progress of the recovery this process runs or ran, else the stored report of the last one
     * that finished (as after the restart that follows a recovery), else {@code NOT_STARTED}.
     */
    public RecoveryStatus status() {
        RecoveryStatus running = status;
        if (running != null) {
            return running;
        }
        return stored.latest().orElseGet(RecoveryStatus::notStarted);
    }

    @EventListener(ApplicationReadyEvent.class)
    void startIfAsked() {
        if (settings.catchUpFromFeed()) {
            Thread t = new Thread(() -> run(settings.feedTopic()), "recovery");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Runs a whole recovery from {@code topic} on the calling thread; returns how it ended. */
    public synchronized RecoveryStatus run(String topic) {
        gate.close();
        // paused, not stopped: the consumers keep their partitions, no rebalance to wait for
        reports().filter(MessageListenerContainer::isRunning).ifPresent(c -> c.pause());
        Progress p = new Progress(topic, Instant.now(clock));
        try {
            p.phase = RecoveryStatus.Phase.READING_FEED;
            publish(p);
            FeedCatchUp.Result caughtUp =
                    feed.run(
                            topic,
                            n -> {
                                p.messages = n;
                                publish(p);
                            });
            p.messages = caughtUp.messagesRead();
            p.appended = caughtUp.eventsAppended();
            p.present = caughtUp.eventsPresent();
            p.repeated = caughtUp.eventsRepeated();
            caughtUp.domainsBeyondRetention().forEach(d -> p.beyondRetention.add(d.toString()));
            domains.forgetCachedStates();
            log.warn(
                    "recovery: {} events appended from {} feed messages, {} already in the log",
                    p.appended,
                    p.messages,
                    p.present);

            p.phase = RecoveryStatus.Phase.REBUILDING;
            publish(p);
            // the restored timers are the backup's; the re-drive below sets what is due now
            jdbc.sql("delete from timer").update();
            rebuilder.rebuild(true, false);
            ProjectionRebuilder.Result check = rebuilder.rebuild(false, false);
            if (!check.identical()) {
                throw new IllegalStateException(
                        "the rebuilt read model does not match a replay of the log (hash "
                                + check.hashBefore()
                                + " against "
                                + check.hashAfter()
                                + ")");
            }
            p.readModelHash = check.hashAfter();

            p.phase = RecoveryStatus.Phase.AWAITING_HOSTS;
            Set<HostId> heard = awaitHosts(p);

            p.phase = RecoveryStatus.Phase.RECONCILING;
            publish(p);
            HostReconciliation.Result r = reconciliation.reconcile(heard);
            p.adopted = r.adopted();
            p.reaped = r.reaped();
            p.orphans = r.orphans();
            p.held.addAll(r.held());

            p.phase = RecoveryStatus.Phase.REDRIVING;
            publish(p);
            // re-driving a held domain would make a second copy beside the newer one; a re-drive
            // now re-sends commands, so it must be left out, not undone afterwards
            p.redriven =
                    rebuilder
                            .rebuildAndRedrive(
                                    r.held().stream()
                                            .map(h -> UUID.fromString(h.domainId()))
                                            .collect(java.util.stream.Collectors.toSet()))
                            .redriven();
            domains.forgetCachedStates();
            p.phase = RecoveryStatus.Phase.DONE;
            p.finishedAt = Instant.now(clock);
            publish(p);
            stored.store(status);
            gate.open();
            reports().ifPresent(CatchUpRecovery::resume);
            log.warn("recovery done: {}", status);
        } catch (FeedCatchUp.Conflict e) {
            p.messages = e.messagesRead();
            p.conflicts.addAll(e.conflicts());
            fail(p, "the restored log and the feed disagree; nothing was appended");
        } catch (RuntimeException e) {
            log.error("recovery failed", e);
            fail(p, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return status;
    }

    private void fail(Progress p, String error) {
        p.phase = RecoveryStatus.Phase.FAILED;
        p.error = error;
        p.finishedAt = Instant.now(clock);
        publish(p);
        stored.store(status);
        log.error("recovery FAILED, the orchestrator stays held: {} {}", error, p.conflicts);
    }

    /**
     * Waits until every known host that is not lost has had its inventory recorded since the gate
     * closed, or {@code slipway.recovery.host-wait} has passed; returns the hosts heard.
     */
    private Set<HostId> awaitHosts(Progress p) {
        Instant deadline = Instant.now(clock).plus(settings.hostWait());
        while (true) {
            Set<String> known =
                    new HashSet<>(
                            jdbc.sql("select host_id from host where state <> 'LOST'")
                                    .query(String.class)
                                    .list());
            Set<HostId> heard = gate.inventoriedSinceClosed();
            Set<String> awaited = new HashSet<>(known);
            heard.forEach(h -> awaited.remove(h.value()));
            p.awaited = awaited.stream().sorted().toList();
            p.reconciled = heard.stream().map(HostId::value).sorted().toList();
            publish(p);
            if (awaited.isEmpty() || Instant.now(clock).isAfter(deadline)) {
                if (!awaited.isEmpty()) {
                    log.warn(
                            "recovery: no inventory from {} within {}; they are reconciled when"
                                    + " heard",
                            awaited,
                            settings.hostWait());
                }
                return heard;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for hosts");
            }
        }
    }

    /** Started here when recovery mode kept it from starting, resumed when paused above. */
    static void resume(MessageListenerContainer reports) {
        if (reports.isRunning()) {
            reports.resume();
        } else {
            reports.start();
        }
    }

    private java.util.Optional<MessageListenerContainer> reports() {
        return java.util.Optional.ofNullable(listeners.getListenerContainer(REPORTS_LISTENER));
    }

    private void publish(Progress p) {
        status =
                new RecoveryStatus(
                        p.phase,
                        p.startedAt,
                        p.finishedAt,
                        p.topic,
                        p.messages,
                        p.appended,
                        p.present,
                        p.repeated,
                        List.copyOf(p.beyondRetention),
                        List.copyOf(p.conflicts),
                        p.readModelHash,
                        p.awaited,
                        p.reconciled,
                        p.adopted,
                        p.reaped,
                        p.orphans,
                        List.copyOf(p.held),
                        p.redriven,
                        p.error);
    }

    /** The running recovery's counters, written by its thread only. */
    private static final class Progress {
        final String topic;
        final Instant startedAt;
        RecoveryStatus.Phase phase = RecoveryStatus.Phase.NOT_STARTED;
        Instant finishedAt;
        long messages;
        long appended;
        long present;
        long repeated;
        final List<String> beyondRetention = new ArrayList<>();
        final List<String> conflicts = new ArrayList<>();
        String readModelHash;
        List<String> awaited = List.of();
        List<String> reconciled = List.of();
        int adopted;
        int reaped;
        int orphans;
        final List<RecoveryStatus.Held> held = new ArrayList<>();
        int redriven;
        String error;

        Progress(String topic, Instant startedAt) {
            this.topic = topic;
            this.startedAt = startedAt;
        }
    }
}
