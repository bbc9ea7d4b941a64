package io.slipway.devstack.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running in this JVM, on
 * fixed loopback ports, with its log directory under the data directory. Topics are created on
 * first use with 4 partitions. After a {@code kill -9} of this JVM the next {@link #start} on the
 * same directory recovers the logs and finds every acknowledged message and committed offset (the
 * broker does not fsync each message, so only a power loss of the machine could lose the newest).
 */
public final class KafkaNode implements InfraServer {
    private final KafkaRaftServer server;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaNode(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Formats the storage on first use (an already formatted directory is kept as it is), then
     * starts the broker. Returns once the broker's startup sequence has finished.
     */
    public static KafkaNode start(Path dir, int port, int controllerPort) {
        Ports.requireFree(port, "Kafka", "--kafka-port");
        Ports.requireFree(controllerPort, "Kafka controller", "--controller-port");
        Properties props = properties(dir, port, controllerPort);
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "written by slipway devstack on every start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        format(config, clusterId(dir));
        var server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        return new KafkaNode(server, port);
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** {@code SLIPWAY_KAFKA_BOOTSTRAP}. */
    @Override
    public Map<String, String> environment() {
        return Map.of(InfraEndpoints.KAFKA_BOOTSTRAP, bootstrap());
    }

    static Properties properties(Path dir, int port, int controllerPort) {
        var p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty(
                "listeners",
                "PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d"
                        .formatted(port, controllerPort));
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("logs").toString());
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("num.partitions", "4");
        // = the orchestrator's producer max.request.size (application.yml: why 8 MiB)
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

    private static void format(Path config, String clusterId) {
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
                                "--ignore-formatted"
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
