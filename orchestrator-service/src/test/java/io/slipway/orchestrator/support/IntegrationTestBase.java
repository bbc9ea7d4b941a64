package io.slipway.orchestrator.support;

import static org.awaitility.Awaitility.await;

import io.slipway.agent.Agent;
import io.slipway.agent.AgentFlags;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.sim.EffectCount;
import io.slipway.agent.hypervisor.sim.SimInspector;
import io.slipway.embeddedkafka.SecureKafkaBroker;
import io.slipway.orchestrator.access.HostEnrollments;
import io.slipway.protocol.HostId;
import io.slipway.testsupport.SharedPostgres;
import io.slipway.testsupport.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A real orchestrator (Spring context on a random port) against a real PostgreSQL and a real Kafka
 * broker, with real host agents driving simulated hypervisors in temp directories. Each test starts
 * from empty tables and its own agents, under host ids no earlier test used.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "slipway.steps.timeout=10s",
            "slipway.steps.initial-backoff=200ms",
            "slipway.steps.max-backoff=1s",
            "slipway.sweeper.interval=100ms",
            "slipway.outbox.poll-interval=200ms"
        })
public abstract class IntegrationTestBase {
    private static final AtomicInteger HOST_SEQUENCE = new AtomicInteger();

    @Value("${local.server.port}")
    protected int port;

    /** SASL/SCRAM and ACLs on, as in production; the orchestrator logs in as itself. */
    protected static final SecureKafkaBroker kafka = TestKafka.broker();

    @Autowired protected JdbcClient jdbc;
    @Autowired protected HostEnrollments enrollments;

    protected Api api;
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Map<String, Path> stateDirs = new LinkedHashMap<>();
    private Path stateRoot;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", SharedPostgres::jdbcUrl);
        registry.add("spring.datasource.username", () -> SharedPostgres.RUNTIME_USER);
        registry.add("spring.datasource.password", SharedPostgres::runtimePassword);
        registry.add("spring.flyway.user", () -> SharedPostgres.MIGRATION_USER);
        registry.add("spring.flyway.password", SharedPostgres::migrationPassword);
        registry.add("slipway.db.sslmode", () -> "disable");
    }

    @DynamicPropertySource
    static void apiTokens(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.public-key-location",
                TestTokens::publicKeyLocation);
        registry.add("slipway.security.issuer", () -> TestTokens.ISSUER);
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrap);
        registry.add("spring.kafka.security.protocol", () -> SecureKafkaBroker.SECURITY_PROTOCOL);
        registry.add("spring.kafka.properties.sasl.jaas.config", kafka.orchestrator()::jaasConfig);
        registry.add(
                "slipway.access.agent-security-protocol",
                () -> SecureKafkaBroker.SECURITY_PROTOCOL);
    }

    @BeforeEach
    void emptyTablesAndClient() throws IOException {
        SharedPostgres.emptyTables();
        api = new Api(port);
        stateRoot = Files.createTempDirectory("slipway-it-");
    }

    @AfterEach
    void stopAgents() {
        agents.values().forEach(Agent::close);
        agents.clear();
    }

    /**
     * Starts an agent under a fresh host id; returns that id. Extra flags go to its command line.
     */
    protected String startAgent(String... flags) {
        String hostId = "it-host-" + HOST_SEQUENCE.incrementAndGet();
        startAgentAs(hostId, flags);
        return hostId;
    }

    /**
     * Starts the agent of a host that ran before (stopped with {@link #stopAgent}) on the same
     * state directory: the simulated hypervisor kept everything.
     */
    protected void restartAgent(String hostId, String... flags) {
        if (agents.containsKey(hostId) || !stateDirs.containsKey(hostId)) {
            throw new IllegalStateException(hostId + " is running or never ran");
        }
        startAgentAs(hostId, flags);
    }

    private void startAgentAs(String hostId, String... flags) {
        Path dir = stateRoot.resolve(hostId);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--host-id",
                                hostId,
                                "--kafka-config",
                                kafkaConfigOf(hostId).toString(),
                                "--state-dir",
                                dir.toString(),
                                "--heartbeat-interval",
                                "300ms",
                                "--memory-gib",
                                "64",
                                "--cpus",
                                "16",
                                "--sim-speed",
                                "10"));
        args.addAll(Arrays.asList(flags));
        agents.put(
                hostId,
                Agent.start(
                        AgentFlags.parse(args.toArray(String[]::new), Map.of()),
                        Clock.systemUTC()));
        stateDirs.put(hostId, dir);
    }

    /**
     * The agent's Kafka client properties file, enrolling the host first when this test has not:
     * host ids are never reused, so every test enrols its own.
     */
    protected Path kafkaConfigOf(String hostId) {
        Path file = stateRoot.resolve(hostId + ".kafka.properties");
        if (!Files.exists(file)) {
            try {
                Files.writeString(file, enrollments.enroll(HostId.of(hostId)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    /** The Kafka client configuration of an enrolled host, read from its properties file. */
    protected Map<String, Object> hostClientConfig(String hostId) {
        var props = new Properties();
        try (var in = Files.newInputStream(kafkaConfigOf(hostId))) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> config = new HashMap<>();
        props.stringPropertyNames().forEach(k -> config.put(k, props.getProperty(k)));
        return config;
    }

    /** The broker's own (super user) client configuration: for reading and writing as a test. */
    protected Map<String, Object> adminClientConfig() {
        return TestKafka.asAdmin();
    }

    /** A string producer with {@code config} (acks=all, so a refusal surfaces on {@code get()}). */
    protected static Producer<String, String> producer(Map<String, Object> config) {
        return TestKafka.producer(config);
    }

    /** A string consumer with {@code config} in a fresh group, reading from the beginning. */
    protected static Consumer<String, String> consumer(Map<String, Object> config) {
        return TestKafka.consumer(config);
    }

    /** The values of the first {@code n} records on {@code topic}, read from its start. */
    protected List<String> consumeValues(String topic, int n) {
        List<String> got = new ArrayList<>();
        try (Consumer<String, String> consumer = consumer(adminClientConfig())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(200))
                                        .forEach(r -> got.add(r.value()));
                                return got.size() >= n;
                            });
        }
        return got;
    }

    /** The running agent of {@code hostId}. */
    protected Agent agent(String hostId) {
        Agent agent = agents.get(hostId);
        if (agent == null) {
            throw new IllegalStateException(hostId + " is not running");
        }
        return agent;
    }

    /** Waits until the domain's {@code step} is STARTED (its agent has taken it). */
    protected void awaitStepStarted(String id, String step) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            for (JsonNode s :
                                    api.get("/api/v1/domains/" + id).json().path("steps")) {
                                if (s.path("name").asString().equals(step)
                                        && s.path("status").asString().equals("STARTED")) {
                                    return true;
                                }
                            }
                            return false;
                        });
    }

    protected void stopAgent(String hostId) {
        agents.remove(hostId).close();
    }

    protected void awaitHostsUp(int n) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                jdbc.sql("select count(*) from host where state = 'UP'")
                                                .query(Long.class)
                                                .single()
                                        >= n);
    }

    protected JsonNode awaitState(String domainId, String state, Duration within) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(within)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            last[0] = api.get("/api/v1/domains/" + domainId).json();
                            String now = last[0].path("state").asString();
                            if (!now.equals(state)
                                    && (now.equals("FAILED")
                                            || now.equals("DESTROYED")
                                            || now.equals("RUNNING"))) {
                                throw new AssertionError(
                                        "domain "
                                                + domainId
                                                + " ended "
                                                + now
                                                + ", expected "
                                                + state
                                                + ": "
                                                + last[0]);
                            }
                            return now.equals(state);
                        });
        return last[0];
    }

    /** What the simulated hypervisor of {@code hostId} holds, read from its persisted state. */
    protected List<HostedDomain> simDomains(String hostId) {
        return SimInspector.domains(stateDirs.get(hostId));
    }

    protected List<EffectCount> simApplications(String hostId) {
        return SimInspector.effectCounts(stateDirs.get(hostId));
    }

    protected Path stateDir(String hostId) {
        return stateDirs.get(hostId);
    }

    protected Stream<String> hostIds() {
        return stateDirs.keySet().stream();
    }

    protected static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
