package io.slipway.orchestrator.access;

import io.slipway.protocol.HostId;
import io.slipway.protocol.access.KafkaLogin;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The hosts that count. Enrolling records the host and provisions its Kafka access in one database
 * transaction: the row is inserted first (a concurrent enrolment of the same host waits on it, then
 * finds it enrolled), so the login returned is always the one the broker holds. A broker failure
 * rolls the row back; what was half-provisioned on the broker is harmless (nobody knows the
 * password) and replaced by the next attempt.
 */
@Component
public class HostEnrollments {
    private static final Logger log = LoggerFactory.getLogger(HostEnrollments.class);

    private final JdbcClient jdbc;
    private final KafkaAccess kafka;
    private final Clock clock;

    public HostEnrollments(JdbcClient jdbc, KafkaAccess kafka, Clock clock) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.clock = clock;
    }

    /**
     * Enrols {@code host} and returns its agent's Kafka client properties (the only copy of its
     * password).
     *
     * @throws AlreadyEnrolledException when it is enrolled and not revoked
     */
    @Transactional
    public String enroll(HostId host) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        boolean inserted =
                !jdbc.sql(
                                "insert into host_enrollment (host_id, enrolled_at) values (?, ?)"
                                        + " on conflict (host_id) do update"
                                        + " set enrolled_at = excluded.enrolled_at, revoked_at = null"
                                        + " where host_enrollment.revoked_at is not null"
                                        + " returning host_id")
                        .params(host.value(), now)
                        .query(String.class)
                        .list()
                        .isEmpty();
        if (!inserted) {
            throw new AlreadyEnrolledException(host);
        }
        KafkaLogin login = kafka.provision(host);
        log.info("host={} enrolled", host);
        return kafka.clientPropertiesText(host, login);
    }

    /**
     * Revokes {@code host}: its ACLs and login are removed and it no longer counts. Returns false
     * when it was not enrolled.
     */
    @Transactional
    public boolean revoke(HostId host) {
        int n =
                jdbc.sql(
                                "update host_enrollment set revoked_at = ?"
                                        + " where host_id = ? and revoked_at is null")
                        .params(Timestamp.from(Instant.now(clock)), host.value())
                        .update();
        if (n == 0) {
            return false;
        }
        kafka.revoke(host);
        log.info("host={} enrolment revoked", host);
        return true;
    }

    /** Those of {@code hosts} that are enrolled now. */
    public Set<HostId> enrolled(Collection<HostId> hosts) {
        if (hosts.isEmpty()) {
            return Set.of();
        }
        String[] ids = hosts.stream().map(HostId::value).distinct().toArray(String[]::new);
        return new HashSet<>(
                jdbc.sql(
                                "select host_id from host_enrollment"
                                        + " where host_id = any(?) and revoked_at is null")
                        .param(ids)
                        .query((rs, n) -> HostId.of(rs.getString(1)))
                        .list());
    }

    public boolean isEnrolled(HostId host) {
        return !enrolled(List.of(host)).isEmpty();
    }

    /** The host is enrolled already; revoke it first to issue new credentials. */
    public static final class AlreadyEnrolledException extends RuntimeException {
        AlreadyEnrolledException(HostId host) {
            super("host " + host + " is enrolled already; revoke its enrolment first");
        }
    }
}
