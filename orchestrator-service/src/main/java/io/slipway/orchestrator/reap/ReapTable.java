package io.slipway.orchestrator.reap;

import io.slipway.orchestrator.inbox.Inbox;
import io.slipway.orchestrator.outbox.Outbox;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostCommand;
import io.slipway.protocol.HostId;
import io.slipway.protocol.HostReport;
import io.slipway.protocol.StepName;
import io.slipway.protocol.StepRef;
import io.slipway.protocol.Topics;
import io.slipway.protocol.WireCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The reap rows and their messages. Every method runs inside the caller's transaction, so a reap is
 * recorded if and only if its {@code ReapDomain} command is queued in the outbox.
 */
@Component
public class ReapTable {
    private static final Logger log = LoggerFactory.getLogger(ReapTable.class);
    private static final String COLUMNS =
            "reap_id, host_id, handle, domain_id, fence_epoch, kind, requested_by, reason, state,"
                    + " attempt, detail, requested_at, updated_at";

    /** Who asked for a reap. */
    public enum Kind {
        /** A copy superseded by a newer epoch elsewhere, or left by a finished domain. */
        STALE,
        /** A copy no creation ever owned, reaped on an operator's request. */
        ORPHAN
    }

    /** Where a reap is. */
    public enum State {
        /** Sent (perhaps again), not yet answered. */
        DISPATCHED,
        /** The copy is gone. */
        SUCCEEDED,
        /** Refused for good; the reap's {@code detail} says why. */
        FAILED
    }

    /**
     * A copy to tear down and what it may still hold on its host.
     *
     * @param domainId the marker's domain; {@code new DomainId(handle)} for an unmarked orphan
     * @param fenceEpoch above the copy's marker epoch: the agent refuses the reap otherwise
     */
    public record Copy(
            HostId host,
            UUID handle,
            DomainId domainId,
            long fenceEpoch,
            long memoryKiB,
            int vcpus,
            List<String> pci) {
        public Copy {
            pci = List.copyOf(pci);
        }
    }

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final WireCodec wire;
    private final Inbox inbox;
    private final ReapSettings settings;

    private final ReapMeters meters;

    public ReapTable(
            JdbcClient jdbc,
            Outbox outbox,
            WireCodec wire,
            Inbox inbox,
            ReapSettings settings,
            ReapMeters meters) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.outbox = outbox;
        this.wire = wire;
        this.inbox = inbox;
        this.settings = settings;
    }

    /**
     * Records and sends a reap of {@code copy}, unless one is already in flight for it; returns the
     * one in flight either way. Sent at once even to a DOWN host: the command waits in its topic,
     * behind every older command of the domain, and fences them when the agent returns.
     */
    public ReapView request(Copy copy, Kind kind, String requestedBy, String reason, Instant now) {
        UUID id = UUID.randomUUID();
        int inserted =
                jdbc.sql(
                                "insert into reap (reap_id, host_id, handle, domain_id, fence_epoch,"
                                        + " kind, requested_by, reason, memory_kib, vcpus, pci,"
                                        + " state, attempt, requested_at, updated_at, retry_at)"
                                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'DISPATCHED',"
                                        + " 1, ?, ?, ?)"
                                        + " on conflict (host_id, handle) where state = 'DISPATCHED'"
                                        + " do nothing")
                        .params(
                                id,
                                copy.host().value(),
                                copy.handle(),
                                copy.domainId().value(),
                                copy.fenceEpoch(),
                                kind.name(),
                                requestedBy,
                                reason,
                                copy.memoryKiB(),
                                copy.vcpus(),
                                copy.pci().toArray(String[]::new),
                                Timestamp.from(now),
                                Timestamp.from(now),
                                Timestamp.from(now.plus(settings.resendAfter())))
                        .update();
        if (inserted == 1) {
            log.info(
                    "reap={} of {} on {} requested by {}: {}",
                    id,
                    copy.handle(),
                    copy.host(),
                    requestedBy,
                    reason);
            send(id, copy.host(), copy.handle(), copy.domainId(), copy.fenceEpoch(), 1, reason);
            meters.count(kind.name(), "requested");
        }
        return active(copy.host(), copy.handle()).orElseThrow();
    }

    /** Whether a reap of the copy is in flight or finished after {@code since}. */
    public boolean coveredSince(HostId host, UUID handle, Instant since) {
        return jdbc.sql(
                                "select count(*) from reap where host_id = ? and handle = ?"
                                        + " and (state = 'DISPATCHED' or updated_at > ?)")
                        .params(host.value(), handle, Timestamp.from(since))
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * Records the answers to reaps, each once (by message id); reports of other kinds are skipped.
     */
    public void onReports(List<HostReport> reports, Instant now) {
        for (HostReport report : reports) {
            if (!isReapReport(report) || !inbox.firstTime(report.messageId(), now)) {
                continue;
            }
            if (report instanceof HostReport.DomainReaped r) {
                finish(r.reapId(), State.SUCCEEDED, null, now);
            } else if (report instanceof HostReport.ReapFailed f) {
                String detail = f.code() + ": " + f.message();
                if (f.retryable()) {
                    jdbc.sql(
                                    "update reap set detail = ?, retry_at = ?, updated_at = ?"
                                            + " where reap_id = ? and state = 'DISPATCHED'")
                            .params(
                                    detail,
                                    Timestamp.from(now.plus(settings.retryAfterFailure())),
                                    Timestamp.from(now),
                                    f.reapId())
                            .update();
                    log.warn("reap={} failed, will retry: {}", f.reapId(), detail);
                } else {
                    finish(f.reapId(), State.FAILED, detail, now);
                }
            }
        }
    }

    public static boolean isReapReport(HostReport report) {
        return report instanceof HostReport.DomainReaped || report instanceof HostReport.ReapFailed;
    }

    /**
     * Sends again every reap whose attempt went unanswered or failed retryably, on hosts that are
     * UP; returns how many.
     */
    public int resendDue(Instant now) {
        List<ReapView> due =
                jdbc.sql(
                                "select "
                                        + COLUMNS
                                        + " from reap r where r.state = 'DISPATCHED'"
                                        + " and r.retry_at <= ? and exists (select 1 from host h"
                                        + " where h.host_id = r.host_id and h.state = 'UP')"
                                        + " order by r.retry_at limit 100 for update skip locked")
                        .param(Timestamp.from(now))
                        .query(ReapTable::row)
                        .list();
        for (ReapView r : due) {
            int attempt = r.attempt() + 1;
            jdbc.sql(
                            "update reap set attempt = ?, retry_at = ?, updated_at = ?"
                                    + " where reap_id = ?")
                    .params(
                            attempt,
                            Timestamp.from(now.plus(settings.resendAfter())),
                            Timestamp.from(now),
                            r.id())
                    .update();
            send(
                    r.id(),
                    HostId.of(r.hostId()),
                    r.handle(),
                    new DomainId(r.domainId()),
                    r.fenceEpoch(),
                    attempt,
                    r.reason());
        }
        return due.size();
    }

    /** Closes (FAILED) the reaps still waiting for {@code host}; returns how many. */
    public int closeWaitingFor(HostId host, String why, Instant now) {
        return jdbc.sql(
                        "update reap set state = 'FAILED', detail = ?, updated_at = ?"
                                + " where host_id = ? and state = 'DISPATCHED'")
                .params(why, Timestamp.from(now), host.value())
                .update();
    }

    public List<ReapView> onHost(HostId host) {
        return jdbc.sql("select " + COLUMNS + " from reap where host_id = ? order by requested_at")
                .param(host.value())
                .query(ReapTable::row)
                .list();
    }

    public Optional<ReapView> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from reap where reap_id = ?")
                .param(id)
                .query(ReapTable::row)
                .optional();
    }

    private Optional<ReapView> active(HostId host, UUID handle) {
        return jdbc.sql(
                        "select "
                                + COLUMNS
                                + " from reap where host_id = ? and handle = ?"
                                + " and state = 'DISPATCHED'")
                .params(host.value(), handle)
                .query(ReapTable::row)
                .optional();
    }

    private void finish(UUID id, State state, String detail, Instant now) {
        Optional<String> kind =
                jdbc.sql(
                                "update reap set state = ?, detail = ?, updated_at = ?"
                                        + " where reap_id = ? and state = 'DISPATCHED'"
                                        + " returning kind")
                        .params(state.name(), detail, Timestamp.from(now), id)
                        .query(String.class)
                        .optional();
        if (kind.isPresent()) {
            meters.count(kind.get(), state == State.SUCCEEDED ? "succeeded" : "failed");
            log.info("reap={} {}{}", id, state, detail == null ? "" : ": " + detail);
        }
    }

    private void send(
            UUID id,
            HostId host,
            UUID handle,
            DomainId domainId,
            long fenceEpoch,
            int attempt,
            String reason) {
        StepRef ref = new StepRef(domainId, StepName.KILL_DOMAIN, fenceEpoch, attempt);
        outbox.enqueue(
                Topics.commandsFor(host),
                domainId.toString(),
                wire.encode(new HostCommand.ReapDomain(ref, host, id, handle, reason)));
    }

    private static ReapView row(ResultSet rs, int n) throws SQLException {
        return new ReapView(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getObject(3, UUID.class),
                rs.getObject(4, UUID.class),
                rs.getLong(5),
                Kind.valueOf(rs.getString(6)),
                rs.getString(7),
                rs.getString(8),
                State.valueOf(rs.getString(9)),
                rs.getInt(10),
                rs.getString(11),
                rs.getTimestamp(12).toInstant(),
                rs.getTimestamp(13).toInstant());
    }
}
