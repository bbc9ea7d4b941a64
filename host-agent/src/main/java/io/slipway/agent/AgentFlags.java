package io.slipway.agent;

import io.slipway.agent.hypervisor.libvirt.LibvirtSettings;
import io.slipway.agent.hypervisor.sim.SimSpeed;
import io.slipway.agent.run.CrashPoint;
import io.slipway.agent.run.InjectedFailure;
import io.slipway.protocol.HostId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the agent's command line ({@code --flag value} or {@code --flag=value}). Every problem is
 * an {@link IllegalArgumentException} whose message is the one line to print.
 */
public final class AgentFlags {
    /** Environment variable consulted when {@code --kafka} is absent. */
    public static final String KAFKA_ENV = "SLIPWAY_KAFKA_BOOTSTRAP";

    /** Environment variable consulted when {@code --metrics-port} is absent. */
    public static final String METRICS_PORT_ENV = "SLIPWAY_AGENT_METRICS_PORT";

    /** Environment variable consulted when {@code --metrics-bind} is absent. */
    public static final String METRICS_BIND_ENV = "SLIPWAY_AGENT_METRICS_BIND";

    public static final String USAGE =
            "usage: agent --host-id ID [--kafka HOST:PORT] [--kafka-config FILE] [--memory-gib N] [--cpus N]"
                    + " [--pci SBDF,...] [--arch x86_64|arm64] [--state-dir DIR] [--sim-speed X|max]"
                    + " [--sim-populate-gibps R] [--sim-fail STEP:CODE[:retryable]]..."
                    + " [--sim-crash-at STEP[:fraction|:after-report|:before-offset-commit]]..."
                    + " [--driver sim|libvirt] [--libvirt-uri URI] [--artifacts DIR]"
                    + " [--virtualization auto|kvm|tcg] [--reserve-memory-mib N] [--reserve-cpus N]"
                    + " [--shutdown-wait 5s]"
                    + " [--heartbeat-interval 2s]"
                    + " [--max-concurrent-domains 8]"
                    + " [--metrics-port PORT] [--metrics-bind 0.0.0.0]";

    private static final List<String> LIBVIRT_ONLY =
            List.of(
                    "--libvirt-uri",
                    "--artifacts",
                    "--virtualization",
                    "--reserve-memory-mib",
                    "--reserve-cpus",
                    "--shutdown-wait");

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    private AgentFlags() {}

    /**
     * @param env the process environment (for {@value #KAFKA_ENV})
     * @throws IllegalArgumentException naming the bad or missing flag
     */
    public static AgentConfig parse(String[] args, Map<String, String> env) {
        String hostId = null;
        String kafka = env.getOrDefault(KAFKA_ENV, "127.0.0.1:9092");
        long memoryGiB = 64;
        int cpus = 32;
        List<String> pci = List.of();
        String arch = "x86_64";
        String stateDir = null;
        SimSpeed speed = SimSpeed.REALTIME;
        double gibps = 2;
        List<InjectedFailure> failures = new ArrayList<>();
        List<CrashPoint> crashes = new ArrayList<>();
        Duration heartbeat = Duration.ofSeconds(2);
        int maxConcurrent = 8;
        KafkaClientFile kafkaClient = KafkaClientFile.none();
        String driver = "sim";
        String libvirtUri = LibvirtSettings.DEFAULT_URI;
        String artifacts = null;
        LibvirtSettings.Virtualization virtualization = LibvirtSettings.Virtualization.AUTO;
        long reserveMemoryMiB = 1024;
        int reserveCpus = 0;
        Duration shutdownWait = Duration.ofSeconds(5);
        String metricsPortText = env.get(METRICS_PORT_ENV);
        String metricsBind = env.getOrDefault(METRICS_BIND_ENV, "0.0.0.0");
        Set<String> given = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                if (!flag.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + flag + "'");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args[++i];
            }
            given.add(flag);
            switch (flag) {
                case "--host-id" -> hostId = value;
                case "--driver" -> driver = value;
                case "--libvirt-uri" -> libvirtUri = value;
                case "--artifacts" -> artifacts = value;
                case "--virtualization" -> virtualization = virtualization(value);
                case "--reserve-memory-mib" -> reserveMemoryMiB = longValue(flag, value);
                case "--reserve-cpus" -> reserveCpus = (int) longValue(flag, value);
                case "--shutdown-wait" -> shutdownWait = duration(flag, value);
                case "--kafka" -> kafka = value;
                case "--kafka-config" -> kafkaClient = KafkaClientFile.read(Path.of(value));
                case "--memory-gib" -> memoryGiB = longValue(flag, value);
                case "--cpus" -> cpus = (int) longValue(flag, value);
                case "--pci" -> pci = value.isBlank() ? List.of() : Arrays.asList(value.split(","));
                case "--arch" -> arch = value;
                case "--state-dir" -> stateDir = value;
                case "--sim-speed" -> speed = SimSpeed.parse(value);
                case "--sim-populate-gibps" -> gibps = doubleValue(flag, value);
                case "--sim-fail" -> failures.add(InjectedFailure.parse(value));
                case "--sim-crash-at" -> crashes.add(CrashPoint.parse(value));
                case "--heartbeat-interval" -> heartbeat = duration(flag, value);
                case "--max-concurrent-domains" -> maxConcurrent = (int) longValue(flag, value);
                case "--metrics-port" -> metricsPortText = value;
                case "--metrics-bind" -> metricsBind = value;
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (hostId == null) {
            throw new IllegalArgumentException("--host-id is required");
        }
        HostId host = new HostId(hostId);
        Integer metricsPort =
                metricsPortText == null || metricsPortText.isBlank()
                        ? null
                        : (int) longValue("--metrics-port", metricsPortText);
        Path dir = Path.of(stateDir != null ? stateDir : ".slipway/hosts/" + host.value());
        LibvirtSettings libvirt =
                switch (driver) {
                    case "sim" -> {
                        for (String flag : LIBVIRT_ONLY) {
                            if (given.contains(flag)) {
                                throw new IllegalArgumentException(
                                        flag + " needs --driver libvirt");
                            }
                        }
                        yield null;
                    }
                    case "libvirt" ->
                            new LibvirtSettings(
                                    libvirtUri,
                                    virtualization,
                                    artifacts != null
                                            ? Path.of(artifacts)
                                            : dir.resolve("artifacts"),
                                    dir,
                                    reserveMemoryMiB << 10,
                                    reserveCpus,
                                    given.contains("--memory-gib") ? memoryGiB << 20 : null,
                                    given.contains("--cpus") ? cpus : null,
                                    given.contains("--pci") ? pci : null,
                                    shutdownWait,
                                    Duration.ofMillis(500));
                    default ->
                            throw new IllegalArgumentException(
                                    "--driver must be sim or libvirt: " + driver);
                };
        return new AgentConfig(
                host,
                kafka,
                memoryGiB,
                cpus,
                pci,
                arch,
                dir,
                speed,
                gibps,
                failures,
                crashes,
                heartbeat,
                maxConcurrent,
                kafkaClient,
                libvirt,
                metricsPort,
                metricsBind);
    }

    /**
     * Parses {@code 500ms}, {@code 2s}, {@code 1m} or an ISO-8601 duration ({@code PT2S}).
     *
     * @throws IllegalArgumentException otherwise
     */
    public static Duration duration(String flag, String value) {
        Matcher m = DURATION.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
        }
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    flag + " must be a duration like 500ms or 2s: " + value);
        }
    }

    private static LibvirtSettings.Virtualization virtualization(String value) {
        return switch (value) {
            case "auto" -> LibvirtSettings.Virtualization.AUTO;
            case "kvm" -> LibvirtSettings.Virtualization.KVM;
            case "tcg" -> LibvirtSettings.Virtualization.TCG;
            default ->
                    throw new IllegalArgumentException(
                            "--virtualization must be auto, kvm or tcg: " + value);
        };
    }

    private static long longValue(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be an integer: " + value);
        }
    }

    private static double doubleValue(String flag, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number: " + value);
        }
    }
}
