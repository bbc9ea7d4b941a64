package io.slipway.agent.fleet;

import io.slipway.agent.AgentConfig;
import io.slipway.agent.AgentFlags;
import io.slipway.agent.AgentMain;
import io.slipway.protocol.HostId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sim-fleet --fleet-prefix bench- --fleet-size N [--fleet-threads 64] --state-dir DIR [agent
 * flags]}: hosts {@code PREFIX1..PREFIXN} in one process, each with the agent flags given and its
 * own state directory {@code DIR/PREFIXi}. {@code --kafka-config} must hold a login allowed every
 * one of those hosts' topics.
 */
public final class SimFleetMain {
    static final String USAGE =
            "usage: sim-fleet --fleet-prefix PREFIX --fleet-size N [--fleet-threads 64]"
                    + " --state-dir DIR [agent flags except --host-id and --driver]";

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
            options = parse(args);
        } catch (IllegalArgumentException | NullPointerException e) {
            System.err.println("slipway sim-fleet: " + e.getMessage());
            System.err.println(USAGE);
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

    static Options parse(String[] args) {
        String prefix = null;
        int size = 0;
        int threads = 64;
        Path stateDir = null;
        List<String> agentArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--fleet-prefix" -> prefix = value(args, ++i, flag);
                case "--fleet-size" -> size = number(value(args, ++i, flag), flag, 1, 10_000);
                case "--fleet-threads" -> threads = number(value(args, ++i, flag), flag, 1, 1024);
                case "--state-dir" -> stateDir = Path.of(value(args, ++i, flag));
                case "--host-id", "--driver" ->
                        throw new IllegalArgumentException(flag + " is not a fleet flag");
                default -> agentArgs.add(flag);
            }
        }
        if (prefix == null || !HostId.isValid(prefix + "1")) {
            throw new IllegalArgumentException(
                    "--fleet-prefix must start a valid host id: " + prefix);
        }
        if (size == 0) {
            throw new IllegalArgumentException("--fleet-size is required");
        }
        if (stateDir == null) {
            throw new IllegalArgumentException("--state-dir is required");
        }
        List<AgentConfig> hosts = new ArrayList<>(size);
        for (int n = 1; n <= size; n++) {
            String host = prefix + n;
            List<String> argv = new ArrayList<>(agentArgs);
            argv.addAll(
                    List.of("--host-id", host, "--state-dir", stateDir.resolve(host).toString()));
            hosts.add(AgentFlags.parse(argv.toArray(String[]::new), System.getenv()));
        }
        return new Options(prefix, size, threads, stateDir, hosts);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int number(String text, String flag, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be " + min + ".." + max + ": " + text);
    }
}
