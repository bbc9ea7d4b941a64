package io.slipway.agent;

import io.slipway.agent.hypervisor.libvirt.LibvirtSettings;
import io.slipway.agent.hypervisor.sim.SimSpeed;
import io.slipway.agent.run.CrashPoint;
import io.slipway.agent.run.InjectedFailure;
import io.slipway.protocol.HostId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything an agent process is started with, validated here so that a bad value fails at start
 * with one clear message.
 *
 * @param pciFunctions SBDFs ({@code SSSS:BB:DD.F}, lowercase hex) the simulated host has
 * @param simSpeed simulated durations are divided by it
 * @param populateGibPerSecond the simulated memory population rate
 * @param kafkaClient merged into every Kafka client's configuration (SASL login, TLS), on top of
 *     {@code kafkaBootstrap}
 * @param libvirt null to drive the simulated host; otherwise the libvirt host to drive (capacity
 *     then comes from the host, and {@code memoryGiB}, {@code cpus}, {@code pciFunctions} and
 *     {@code arch} are not used)
 * @param metricsPort where {@code /metrics} and {@code /healthz} are served (0: any free port);
 *     null serves nothing (and records no metrics)
 * @param metricsBind the address they are served on
 * @param otlpEndpoint the OpenTelemetry collector (OTLP/HTTP) the agent sends one span per step to;
 *     null sends nothing and starts no exporter thread
 */
public record AgentConfig(
        HostId hostId,
        String kafkaBootstrap,
        long memoryGiB,
        int cpus,
        List<String> pciFunctions,
        String arch,
        Path stateDir,
        SimSpeed simSpeed,
        double populateGibPerSecond,
        List<InjectedFailure> failures,
        List<CrashPoint> crashPoints,
        Duration heartbeatInterval,
        int maxConcurrentDomains,
        KafkaClientFile kafkaClient,
        LibvirtSettings libvirt,
        Integer metricsPort,
        String metricsBind,
        URI otlpEndpoint) {

    private static final Pattern SBDF =
            Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]");
    private static final Pattern HOST_PORT =
            Pattern.compile("[^\\s:,]+:\\d{1,5}(,[^\\s:,]+:\\d{1,5})*");
    private static final Set<String> ARCHES = Set.of("x86_64", "arm64");

    public AgentConfig {
        Objects.requireNonNull(hostId, "--host-id is required");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(simSpeed, "simSpeed");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(kafkaClient, "kafkaClient");
        if (kafkaBootstrap == null || !HOST_PORT.matcher(kafkaBootstrap).matches()) {
            throw new IllegalArgumentException(
                    "--kafka must be HOST:PORT[,HOST:PORT...]: " + kafkaBootstrap);
        }
        if (memoryGiB < 1 || memoryGiB > 1L << 20) {
            throw new IllegalArgumentException("--memory-gib must be 1..1048576: " + memoryGiB);
        }
        if (cpus < 1 || cpus > 4096) {
            throw new IllegalArgumentException("--cpus must be 1..4096: " + cpus);
        }
        pciFunctions = List.copyOf(pciFunctions);
        for (String sbdf : pciFunctions) {
            if (!SBDF.matcher(sbdf).matches()) {
                throw new IllegalArgumentException(
                        "--pci entries must be SSSS:BB:DD.F in lowercase hex: " + sbdf);
            }
        }
        if (pciFunctions.stream().distinct().count() != pciFunctions.size()) {
            throw new IllegalArgumentException("--pci lists a function twice");
        }
        if (!ARCHES.contains(arch)) {
            throw new IllegalArgumentException("--arch must be x86_64 or arm64: " + arch);
        }
        if (!(populateGibPerSecond > 0) || Double.isInfinite(populateGibPerSecond)) {
            throw new IllegalArgumentException(
                    "--sim-populate-gibps must be a positive number: " + populateGibPerSecond);
        }
        failures = List.copyOf(failures);
        crashPoints = List.copyOf(crashPoints);
        if (heartbeatInterval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException(
                    "--heartbeat-interval must be at least 10ms: " + heartbeatInterval);
        }
        if (maxConcurrentDomains < 1 || maxConcurrentDomains > 1024) {
            throw new IllegalArgumentException(
                    "--max-concurrent-domains must be 1..1024: " + maxConcurrentDomains);
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new IllegalArgumentException("--metrics-port must be 0..65535: " + metricsPort);
        }
        Objects.requireNonNull(metricsBind, "metricsBind");
        if (metricsBind.isBlank()) {
            throw new IllegalArgumentException("--metrics-bind must name an address");
        }
        if (otlpEndpoint != null
                && (!("http".equals(otlpEndpoint.getScheme())
                                || "https".equals(otlpEndpoint.getScheme()))
                        || otlpEndpoint.getHost() == null)) {
            throw new IllegalArgumentException(
                    "--otlp-endpoint must be an http(s) URL with a host: " + otlpEndpoint);
        }
    }

    /**
     * The base configuration of every Kafka client of this agent: {@code bootstrap.servers}, then
     * everything in {@link #kafkaClient()} (which may override it).
     */
    public Map<String, Object> kafkaClientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafkaBootstrap);
        config.putAll(kafkaClient.properties());
        return config;
    }

    /** {@code sim} or {@code libvirt}. */
    public String driver() {
        return libvirt == null ? "sim" : "libvirt";
    }

    public long memoryKiB() {
        return memoryGiB << 20;
    }
}
