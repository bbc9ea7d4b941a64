package io.slipway.protocol.access;

import io.slipway.protocol.HostId;
import io.slipway.protocol.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Gives a host its access to the broker, or takes it away, through an admin client allowed to (the
 * orchestrator's, see {@link KafkaAcls#orchestrator()}): its topics (one partition each), a SCRAM
 * login with a fresh password, and its ACLs ({@link KafkaAcls#host}). Every operation is idempotent
 * and safe to repeat after a partial failure; provisioning again replaces the password.
 */
public final class HostAccess {
    private static final int SCRAM_ITERATIONS = 8192;

    private HostAccess() {}

    /**
     * Creates {@code host}'s topics if missing, sets its login to a new password and grants its
     * ACLs. Returns the login; its password exists nowhere else.
     *
     * @throws HostAccessException when the broker refuses or does not answer within {@code timeout}
     *     (per operation)
     */
    public static KafkaLogin provision(Admin admin, HostId host, Duration timeout) {
        KafkaLogin login = KafkaLogin.generate(KafkaLogin.hostUser(host));
        for (String topic : Topics.ofHost(host)) {
            try {
                await(
                        admin.createTopics(
                                        List.of(
                                                new NewTopic(
                                                        topic, Optional.of(1), Optional.empty())))
                                .all(),
                        timeout);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw failed("creating topic " + topic, e);
                }
            }
        }
        grant(admin, login, KafkaAcls.host(host), timeout, "host " + host);
        return login;
    }

    /**
     * Sets the login of a simulated fleet (hosts whose ids start with {@code hostPrefix}) to a new
     * password and grants its ACLs ({@link KafkaAcls#fleet}); the hosts' topics are created by
     * their enrolment. Benchmarks and tests only.
     */
    public static KafkaLogin provisionFleet(Admin admin, String hostPrefix, Duration timeout) {
        KafkaLogin login = KafkaLogin.generate(KafkaAcls.fleetUser(hostPrefix));
        grant(admin, login, KafkaAcls.fleet(hostPrefix), timeout, "the fleet " + hostPrefix);
        return login;
    }

    /** Sets {@code login}'s SCRAM credential (replacing any password) and creates {@code acls}. */
    private static void grant(
            Admin admin,
            KafkaLogin login,
            List<org.apache.kafka.common.acl.AclBinding> acls,
            Duration timeout,
            String whom) {
        try {
            await(
                    admin.alterUserScramCredentials(
                                    List.of(
                                            new UserScramCredentialUpsertion(
                                                    login.username(),
                                                    new ScramCredentialInfo(
                                                            ScramMechanism.SCRAM_SHA_512,
                                                            SCRAM_ITERATIONS),
                                                    login.password())))
                            .all(),
                    timeout);
            await(admin.createAcls(acls).all(), timeout);
        } catch (ExecutionException e) {
            throw failed("granting access to " + whom, e);
        }
    }

    /**
     * Removes {@code host}'s ACLs (its next request is refused, even on an open connection) and its
     * login (it cannot connect again). Its topics stay.
     */
    public static void revoke(Admin admin, HostId host, Duration timeout) {
        try {
            await(admin.deleteAcls(List.of(KafkaAcls.hostFilter(host))).all(), timeout);
            try {
                await(
                        admin.alterUserScramCredentials(
                                        List.of(
                                                new UserScramCredentialDeletion(
                                                        KafkaLogin.hostUser(host),
                                                        ScramMechanism.SCRAM_SHA_512)))
                                .all(),
                        timeout);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ResourceNotFoundException)) {
                    throw e;
                }
            }
        } catch (ExecutionException e) {
            throw failed("revoking host " + host, e);
        }
    }

    private static <T> T await(KafkaFuture<T> future, Duration timeout) throws ExecutionException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostAccessException("interrupted while waiting for the broker", e);
        } catch (TimeoutException e) {
            throw new HostAccessException("the broker did not answer within " + timeout, e);
        }
    }

    private static HostAccessException failed(String what, ExecutionException e) {
        return new HostAccessException(what + " failed: " + e.getCause(), e.getCause());
    }

    /** The broker refused or did not answer. */
    public static final class HostAccessException extends RuntimeException {
        HostAccessException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
