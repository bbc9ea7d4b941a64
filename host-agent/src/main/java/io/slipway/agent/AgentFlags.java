package io.slipway.agent;

import io.slipway.agent.hypervisor.libvirt.LibvirtSettings;
import io.slipway.agent.hypervisor.sim.SimSpeed;
import io.slipway.agent.run.CrashPoint;
import io.slipway.agent.run.InjectedFailure;
import io.slipway.protocol.HostId;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The agent's command line, parsed by picocli ({@code --flag value} or {@code --flag=value}). Every
 * problem is a {@link ParameterException} whose message is the one line to print (with {@link
 * #usage()} after it). Flags absent from the command line fall back to the environment map given,
 * not to {@code System.getenv()}, so that tests can pass their own.
 */
@Command(
        name = "agent",
        sortOptions = false,
        description = "One Slipway host agent: runs the steps the orchestrator sends to this host.")
public final class AgentFlags {
    /** Environment variable consulted when {@code --kafka} is absent. */
    public static final String KAFKA_ENV = "SLIPWAY_KAFKA_BOOTSTRAP";

    /** Environment variable consulted when {@code --metrics-port} is absent. */
    public static final String METRICS_PORT_ENV = "SLIPWAY_AGENT_METRICS_PORT";

    /** Environment variable consulted when {@code --otlp-endpoint} is absent. */
    public static final String OTLP_ENDPOINT_ENV = "SLIPWAY_OTLP_ENDPOINT";

    /** Environment variable consulted when {@code --metrics-bind} is absent. */
    public static final String METRICS_BIND_ENV = "SLIPWAY_AGENT_METRICS_BIND";

    private static final List<String> LIBVIRT_ONLY =
            List.of(
                    "--libvirt-uri",
                    "--artifacts",
                    "--virtualization",
                    "--reserve-memory-mib",
                    "--reserve-cpus",
                    "--shutdown-wait");

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    private final Map<String, String> env;

    @Spec CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--host-id", paramLabel = "ID", required = true, description = "this host's id")
    String hostId;

    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT",
            description = "the brokers (default: $" + KAFKA_ENV + ", else 127.0.0.1:9092)")
    String kafka;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description = "Kafka client properties (SASL login, TLS) from `hosts enroll`")
    Path kafkaConfig;

    @Option(
            names = "--driver",
            paramLabel = "sim|libvirt",
            defaultValue = "sim",
            description = "what this agent drives (default: ${DEFAULT-VALUE})")
    String driver;

    @Option(
            names = "--memory-gib",
            paramLabel = "N",
            description = "memory to offer (default: 64; libvirt: the host's)")
    String memoryGiB;

    @Option(
            names = "--cpus",
            paramLabel = "N",
            description = "CPUs to offer (default: 32; libvirt: the host's)")
    String cpus;

    @Option(
            names = "--pci",
            paramLabel = "SBDF,...",
            description = "PCI functions to offer (default: none; libvirt: the host's)")
    String pci;

    @Option(
            names = "--arch",
            paramLabel = "x86_64|arm64",
            defaultValue = "x86_64",
            description = "the simulated host's architecture (default: ${DEFAULT-VALUE})")
    String arch;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "journal and simulated state (default: .slipway/hosts/ID)")
    String stateDir;

    @Option(
            names = "--sim-speed",
            paramLabel = "X|max",
            defaultValue = "1",
            description = "simulated durations are divided by X (default: ${DEFAULT-VALUE})")
    String simSpeed;

    @Option(
            names = "--sim-populate-gibps",
            paramLabel = "R",
            defaultValue = "2",
            description = "simulated memory population rate (default: ${DEFAULT-VALUE})")
    String populateGibps;

    @Option(
            names = "--sim-fail",
            paramLabel = "STEP:CODE[:retryable]",
            description = "make STEP fail with CODE (repeatable)")
    List<String> failures = new ArrayList<>();

    @Option(
            names = "--sim-crash-at",
            paramLabel = "STEP[:fraction|:after-report|:before-offset-commit]",
            description = "kill this process at that moment of STEP (repeatable)")
    List<String> crashes = new ArrayList<>();

    @Option(
            names = "--heartbeat-interval",
            paramLabel = "DURATION",
            defaultValue = "2s",
            description = "500ms, 2s, 1m or ISO-8601 (default: ${DEFAULT-VALUE})")
    String heartbeat;

    @Option(
            names = "--max-concurrent-domains",
            paramLabel = "N",
            defaultValue = "8",
            description = "steps of this many domains run at once (default: ${DEFAULT-VALUE})")
    String maxConcurrent;

    @Option(
            names = "--libvirt-uri",
            paramLabel = "URI",
            defaultValue = LibvirtSettings.DEFAULT_URI,
            description = "libvirt only (default: ${DEFAULT-VALUE})")
    String libvirtUri;

    @Option(
            names = "--artifacts",
            paramLabel = "DIR",
            description = "libvirt only: the boot image store (default: STATE_DIR/artifacts)")
    String artifacts;

    @Option(
            names = "--virtualization",
            paramLabel = "auto|kvm|tcg",
            defaultValue = "auto",
            description = "libvirt only (default: ${DEFAULT-VALUE})")
    String virtualization;

    @Option(
            names = "--reserve-memory-mib",
            paramLabel = "N",
            defaultValue = "1024",
            description = "libvirt only: memory kept for the host (default: ${DEFAULT-VALUE})")
    String reserveMemoryMiB;

    @Option(
            names = "--reserve-cpus",
            paramLabel = "N",
            defaultValue = "0",
            description = "libvirt only: CPUs kept for the host (default: ${DEFAULT-VALUE})")
    String reserveCpus;

    @Option(
            names = "--shutdown-wait",
            paramLabel = "DURATION",
            defaultValue = "5s",
            description =
                    "libvirt only: how long a guest may take to shut down (default: ${DEFAULT-VALUE})")
    String shutdownWait;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description =
                    "serve /metrics and /healthz here, 0: any free port (default: $"
                            + METRICS_PORT_ENV
                            + ", else off)")
    String metricsPort;

    @Option(
            names = "--metrics-bind",
            paramLabel = "ADDRESS",
            description = "the metrics address (default: $" + METRICS_BIND_ENV + ", else 0.0.0.0)")
    String metricsBind;

    @Option(
            names = "--otlp-endpoint",
            paramLabel = "URL",
            description =
                    "send one span per step to this OpenTelemetry collector (OTLP/HTTP, e.g."
                            + " http://collector:4318) (default: $"
                            + OTLP_ENDPOINT_ENV
                            + ", else none)")
    String otlpEndpoint;

    private AgentFlags(Map<String, String> env) {
        this.env = env;
    }

    /**
     * The agent's command line; {@code env} stands in for the process environment (the flags'
     * fallbacks). A repeated single-valued flag keeps its last value, as the hand-written parser
     * did.
     */
    public static CommandLine commandLine(Map<String, String> env) {
        return new CommandLine(new AgentFlags(env)).setOverwrittenOptionsAllowed(true);
    }

    /** The generated usage text. */
    public static String usage() {
        return commandLine(Map.of()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /**
     * @param env the process environment (for {@value #KAFKA_ENV} and the metrics variables)
     * @throws ParameterException naming the bad or missing flag, in one line
     */
    public static AgentConfig parse(String[] args, Map<String, String> env) {
        CommandLine commandLine = commandLine(env);
        commandLine.parseArgs(args);
        return ((AgentFlags) commandLine.getCommand()).config();
    }

    /**
     * The configuration the parsed flags describe.
     *
     * @throws ParameterException naming the bad flag
     */
    public AgentConfig config() {
        try {
            return build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private boolean given(String flag) {
        return spec.commandLine().getParseResult().hasMatchedOption(flag);
    }

    private AgentConfig build() {
        HostId host = new HostId(hostId);
        String metricsPortText = metricsPort != null ? metricsPort : env.get(METRICS_PORT_ENV);
        Integer port =
                metricsPortText == null || metricsPortText.isBlank()
                        ? null
                        : (int) longValue("--metrics-port", metricsPortText);
        Path dir = Path.of(stateDir != null ? stateDir : ".slipway/hosts/" + host.value());
        List<String> pciFunctions =
                pci == null || pci.isBlank() ? List.of() : Arrays.asList(pci.split(","));
        long memory = memoryGiB == null ? 64 : longValue("--memory-gib", memoryGiB);
        int cpuCount = cpus == null ? 32 : (int) longValue("--cpus", cpus);
        LibvirtSettings libvirt =
                switch (driver) {
                    case "sim" -> {
                        for (String flag : LIBVIRT_ONLY) {
                            if (given(flag)) {
                                throw new IllegalArgumentException(
                                        flag + " needs --driver libvirt");
                            }
                        }
                        yield null;
                    }
                    case "libvirt" ->
                            new LibvirtSettings(
                                    libvirtUri,
                                    virtualization(virtualization),
                                    artifacts != null
                                            ? Path.of(artifacts)
                                            : dir.resolve("artifacts"),
                                    dir,
                                    longValue("--reserve-memory-mib", reserveMemoryMiB) << 10,
                                    (int) longValue("--reserve-cpus", reserveCpus),
                                    memoryGiB != null ? memory << 20 : null,
                                    cpus != null ? cpuCount : null,
                                    pci != null ? pciFunctions : null,
                                    duration("--shutdown-wait", shutdownWait),
                                    Duration.ofMillis(500));
                    default ->
                            throw new IllegalArgumentException(
                                    "--driver must be sim or libvirt: " + driver);
                };
        return new AgentConfig(
                host,
                kafka != null ? kafka : env.getOrDefault(KAFKA_ENV, "127.0.0.1:9092"),
                memory,
                cpuCount,
                pciFunctions,
                arch,
                dir,
                SimSpeed.parse(simSpeed),
                doubleValue("--sim-populate-gibps", populateGibps),
                failures.stream().map(InjectedFailure::parse).toList(),
                crashes.stream().map(CrashPoint::parse).toList(),
                duration("--heartbeat-interval", heartbeat),
                (int) longValue("--max-concurrent-domains", maxConcurrent),
                kafkaConfig != null ? KafkaClientFile.read(kafkaConfig) : KafkaClientFile.none(),
                libvirt,
                port,
                metricsBind != null ? metricsBind : env.getOrDefault(METRICS_BIND_ENV, "0.0.0.0"),
                otlpEndpoint());
    }

    private URI otlpEndpoint() {
        String text = otlpEndpoint != null ? otlpEndpoint : env.get(OTLP_ENDPOINT_ENV);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--otlp-endpoint is not a URL: " + text);
        }
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
