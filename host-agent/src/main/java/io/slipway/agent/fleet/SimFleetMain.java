package io.slipway.agent.fleet;

import io.slipway.agent.AgentConfig;
import io.slipway.agent.AgentFlags;
import io.slipway.agent.AgentMain;
import io.slipway.protocol.HostId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code sim-fleet --fleet-prefix bench- --fleet-size N [--fleet-threads 64] --state-dir DIR [agent
 * flags]}: hosts {@code PREFIX1..PREFIXN} in one process, each with the agent flags given and its
 * own state directory {@code DIR/PREFIXi}. {@code --kafka-config} must hold a login allowed every
 * one of those hosts' topics.
 */
@Command(
        name = "sim-fleet",
        description = {
            "Simulated hosts PREFIX1..PREFIXN in one process; every other flag is an agent flag",
            "(except --host-id and --driver) given to each of them."
        })
public final class SimFleetMain {
    @Spec CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(
            names = "--fleet-prefix",
            paramLabel = "PREFIX",
            required = true,
            description = "host ids are PREFIX1..PREFIXN")
    String prefix;

    @Option(
            names = "--fleet-size",
            paramLabel = "N",
            required = true,
            description = "the number of hosts, 1..10000")
    int size;

    @Option(
            names = "--fleet-threads",
            paramLabel = "N",
            defaultValue = "64",
            description = "threads shared by the hosts, 1..1024 (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            required = true,
            description = "host i keeps its state in DIR/PREFIXi")
    Path stateDir;

    @Unmatched List<String> agentArgs = new ArrayList<>();

    private SimFleetMain() {}

    /** The fleet's parsed command line. */
    record Options(String prefix, int size, int threads, Path stateDir, List<AgentConfig> hosts) {}

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty(
                    "logback.configurationFile", AgentMain.logbackConfig(System.getenv()));
        }
        Options options;
        try {
            CommandLine commandLine = new CommandLine(new SimFleetMain());
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(System.out);
                return;
            }
            options = ((SimFleetMain) commandLine.getCommand()).options(System.getenv());
        } catch (ParameterException e) {
            System.err.println("slipway sim-fleet: " + e.getMessage());
            e.getCommandLine().usage(System.err);
            System.exit(2);
            return;
        }
        SimFleet fleet =
                new SimFleet(
                        options.hosts(),
                        "slipway-agent-" + options.prefix() + "fleet",
                        options.threads(),
                        Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(fleet::close, "fleet-shutdown"));
        fleet.awaitTermination();
    }

    /**
     * Parses the fleet's flags and every host's agent flags.
     *
     * @throws ParameterException naming the bad flag
     */
    static Options parse(String[] args) {
        var fleet = new SimFleetMain();
        new CommandLine(fleet).parseArgs(args);
        return fleet.options(System.getenv());
    }

    private Options options(Map<String, String> env) {
        for (String flag : List.of("--host-id", "--driver")) {
            if (agentArgs.stream().anyMatch(a -> a.equals(flag) || a.startsWith(flag + "="))) {
                throw usage(flag + " is not a fleet flag");
            }
        }
        if (!HostId.isValid(prefix + "1")) {
            throw usage("--fleet-prefix must start a valid host id: " + prefix);
        }
        range("--fleet-size", size, 10_000);
        range("--fleet-threads", threads, 1024);
        List<AgentConfig> hosts = new ArrayList<>(size);
        for (int n = 1; n <= size; n++) {
            String host = prefix + n;
            List<String> argv = new ArrayList<>(agentArgs);
            argv.addAll(
                    List.of("--host-id", host, "--state-dir", stateDir.resolve(host).toString()));
            hosts.add(AgentFlags.parse(argv.toArray(String[]::new), env));
        }
        return new Options(prefix, size, threads, stateDir, hosts);
    }

    private void range(String flag, int value, int max) {
        if (value < 1 || value > max) {
            throw usage(flag + " must be 1.." + max + ": " + value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
