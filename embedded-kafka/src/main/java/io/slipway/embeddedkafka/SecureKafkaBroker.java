package io.slipway.embeddedkafka;

import io.slipway.protocol.access.KafkaAcls;
import io.slipway.protocol.access.KafkaLogin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker (combined broker and controller) on loopback, with SASL/SCRAM-SHA-512
 * on its client listener, SASL/PLAIN on its controller listener, the StandardAuthorizer with {@code
 * allow.everyone.if.no.acl.found=false}, and super users limited to the broker's own two
 * principals. The orchestrator's SCRAM credential is bootstrapped when the storage is formatted and
 * its ACLs ({@link KafkaAcls#orchestrator()}) are granted on every start; hosts get theirs when the
 * orchestrator enrols them. Topics are never created on first use.
 *
 * <p>After a {@code kill -9} of this JVM the next {@link #start} on the same directory recovers
 * every acknowledged message, committed offset, credential and ACL.
 */
public final class SecureKafkaBroker implements AutoCloseable {
    /** Clients connect with SASL over plain TCP: the broker only listens on loopback. */
    public static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";

    private final KafkaRaftServer server;
    private final int port;
    private final BrokerSecrets secrets;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SecureKafkaBroker(KafkaRaftServer server, int port, BrokerSecrets secrets) {
        this.server = server;
        this.port = port;
        this.secrets = secrets;
    }

    /**
     * Formats the storage on first use (an already formatted directory is kept as it is), starts
     * the broker and grants the orchestrator's ACLs. Returns once clients can connect.
     *
     * @param overrides broker properties set on top of the defaults (tests shorten timeouts)
     */
    public static SecureKafkaBroker start(
            Path dir, int port, int controllerPort, Map<String, String> overrides) {
        BrokerSecrets secrets = BrokerSecrets.loadOrCreate(dir);
        Properties props = properties(dir, port, controllerPort, secrets);
        props.putAll(overrides);
        Path config = dir.resolve("server.properties");
        try {
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "written by slipway on every start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        format(config, clusterId(dir), secrets);
        var server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        var broker = new SecureKafkaBroker(server, port, secrets);
        try {
            broker.grantOrchestrator();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The broker's own login: a super user, for tests and dev tooling only. */
    public KafkaLogin admin() {
        return secrets.broker();
    }

    /** The orchestrator's login. */
    public KafkaLogin orchestrator() {
        return secrets.orchestrator();
    }

    /**
     * The super user login of the broker whose directory is {@code dir} (started before, perhaps in
     * another process): for dev tooling and tests that observe everything.
     */
    public static KafkaLogin adminLogin(Path dir) {
        return BrokerSecrets.loadOrCreate(dir).broker();
    }

    /** Kafka client properties for {@code login} on this broker. */
    public Map<String, Object> clientConfig(KafkaLogin login) {
        return new HashMap<>(login.clientProperties(bootstrap(), SECURITY_PROTOCOL));
    }

    static Properties properties(Path dir, int port, int controllerPort, BrokerSecrets secrets) {
        var p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty(
                "listeners",
                "CLIENT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d".formatted(port, controllerPort));
        p.setProperty("advertised.listeners", "CLIENT://127.0.0.1:" + port);
        p.setProperty(
                "listener.security.protocol.map",
                "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "CLIENT");
        // Clients and the broker itself: SCRAM, whose credentials live in the metadata log.
        p.setProperty("listener.name.client.sasl.enabled.mechanisms", KafkaLogin.MECHANISM);
        p.setProperty("sasl.mechanism.inter.broker.protocol", KafkaLogin.MECHANISM);
        p.setProperty(
                "listener.name.client.scram-sha-512.sasl.jaas.config",
                secrets.broker().jaasConfig());
        // The controller listener cannot use SCRAM (its credentials are in the log it serves):
        // PLAIN with the one static user, so that nobody reaches it anonymously.
        p.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        p.setProperty(
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"%s\" password=\"%s\" user_%s=\"%s\";"
                                .formatted(
                                        BrokerSecrets.CONTROLLER_USER,
                                        secrets.controllerPassword(),
                                        BrokerSecrets.CONTROLLER_USER,
                                        secrets.controllerPassword()));
        p.setProperty(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        p.setProperty(
                "super.users",
                "User:" + BrokerSecrets.BROKER_USER + ";User:" + BrokerSecrets.CONTROLLER_USER);
        p.setProperty("log.dirs", dir.resolve("logs").toString());
        // Every topic is created on purpose (the orchestrator's at its start, a host's when it is
        // enrolled), with one partition unless said otherwise.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        // = the orchestrator's producer max.request.size (application.yml says why 8 MiB)
        p.setProperty("message.max.bytes", "8388608");
        // One node: every replication factor and min ISR is 1.
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions than the defaults (50): the first consumer group on a fresh
        // directory then starts in well under a second.
        p.setProperty("offsets.topic.num.partitions", "8");
        p.setProperty("transaction.state.log.num.partitions", "8");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // After a kill -9 the controller keeps the dead broker's registration until its session
        // expires (default 9 s), and the restarted broker waits for that: shorten the session.
        p.setProperty("broker.heartbeat.interval.ms", "500");
        p.setProperty("broker.session.timeout.ms", "2000");
        return p;
    }

    /** Grants {@link KafkaAcls#orchestrator()}; creating an ACL that exists changes nothing. */
    private void grantOrchestrator() {
        try (Admin admin = Admin.create(clientConfig(admin()))) {
            admin.createAcls(KafkaAcls.orchestrator()).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("granting the orchestrator's ACLs failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while granting ACLs", e);
        }
    }

    /**
     * The cluster id this directory was (or is about to be) formatted with, kept in {@code
     * cluster.id} so that every start formats with the same one: {@code --ignore-formatted} only
     * tolerates an existing format when the ids match.
     */
    private static String clusterId(Path dir) {
        Path file = dir.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /**
     * Formats the storage, writing the broker's and the orchestrator's SCRAM credentials into the
     * first metadata records (on an already formatted directory nothing changes).
     */
    private static void format(Path config, String clusterId, BrokerSecrets secrets) {
        var output = new ByteArrayOutputStream();
        int rc;
        try (var out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc =
                    StorageTool.execute(
                            new String[] {
                                "format",
                                "-t",
                                clusterId,
                                "-c",
                                config.toString(),
                                "--ignore-formatted",
                                "--add-scram",
                                scram(secrets.broker()),
                                "--add-scram",
                                scram(secrets.orchestrator())
                            },
                            out);
        }
        if (rc != 0) {
            throw new IllegalStateException(
                    "formatting Kafka storage failed ("
                            + rc
                            + "): "
                            + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static String scram(KafkaLogin login) {
        return KafkaLogin.MECHANISM
                + "=[name="
                + login.username()
                + ",password="
                + login.password()
                + "]";
    }

    /** Controlled shutdown; blocks until the broker has stopped and flushed its logs. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
    }
}
