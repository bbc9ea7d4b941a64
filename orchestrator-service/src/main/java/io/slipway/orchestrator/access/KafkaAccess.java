package io.slipway.orchestrator.access;

import io.slipway.protocol.HostId;
import io.slipway.protocol.access.HostAccess;
import io.slipway.protocol.access.KafkaLogin;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The Kafka side of a host's enrolment, through the orchestrator's own login (see {@link
 * HostAccess} for what is created and revoked). Idempotent; provisioning again replaces the
 * password.
 */
@Component
class KafkaAccess {
    private static final Logger log = LoggerFactory.getLogger(KafkaAccess.class);

    private final KafkaAdmin kafkaAdmin;
    private final KafkaAccessSettings settings;

    public KafkaAccess(KafkaAdmin kafkaAdmin, KafkaAccessSettings settings) {
        this.kafkaAdmin = kafkaAdmin;
        this.settings = settings;
    }

    /**
     * Creates {@code host}'s topics if missing, sets its login to a new password and grants its
     * ACLs; returns the login (its password exists nowhere else).
     *
     * @throws HostAccess.HostAccessException when the broker refuses or does not answer
     */
    public KafkaLogin provision(HostId host) {
        try (Admin admin = admin()) {
            KafkaLogin login = HostAccess.provision(admin, host, settings.adminTimeout());
            log.info("host={} Kafka login {} and ACLs provisioned", host, login.username());
            return login;
        }
    }

    /**
     * Removes {@code host}'s ACLs and login. Its topics stay: what it sent before is still read,
     * and counted as from an unenrolled host.
     *
     * @throws HostAccess.HostAccessException when the broker refuses or does not answer
     */
    public void revoke(HostId host) {
        try (Admin admin = admin()) {
            HostAccess.revoke(admin, host, settings.adminTimeout());
        }
        log.info("host={} Kafka login and ACLs revoked", host);
    }

    /** The properties file an agent is started with ({@code --kafka-config}). */
    public String clientPropertiesText(HostId host, KafkaLogin login) {
        var text = new StringBuilder();
        text.append("# Kafka client properties of host ")
                .append(host.value())
                .append(", issued by the orchestrator; keep this file secret\n");
        login.clientProperties(settings.agentBootstrap(), settings.agentSecurityProtocol())
                .forEach((k, v) -> text.append(k).append('=').append(escape(v)).append('\n'));
        return text.toString();
    }

    private Admin admin() {
        return Admin.create(kafkaAdmin.getConfigurationProperties());
    }

    /** {@link java.util.Properties} escaping of a value (only backslashes need it here). */
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }
}
