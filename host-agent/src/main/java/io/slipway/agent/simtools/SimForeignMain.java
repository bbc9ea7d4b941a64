package io.slipway.agent.simtools;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.agent.hypervisor.sim.SimOperator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sim-foreign --state-dir DIR --handle UUID [--memory-kib N] [--vcpus N]}: creates, in a
 * simulated host's persisted state, a running domain without a Slipway marker, as an operator
 * running {@code xl create} by hand would (an orphan, for tests). Prints the domain as JSON in the
 * shape of a {@code sim-list} entry. Refuses while an agent runs on the directory. Defaults: 256
 * MiB, 1 vCPU. Exit status 0 when created, 1 when refused (agent running, handle taken, too little
 * memory or vCPUs), 2 for bad flags or a directory without a simulated host.
 */
public final class SimForeignMain {
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private SimForeignMain() {}

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "slipway-agent-logback.xml");
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path dir = null;
        DomainHandle handle = null;
        long memoryKiB = 256 * 1024;
        long vcpus = 1;
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--state-dir" -> dir = Path.of(value);
                    case "--handle" -> handle = DomainHandle.parse(value);
                    case "--memory-kib" -> memoryKiB = positive(flag, value);
                    case "--vcpus" -> vcpus = positive(flag, value);
                    default -> throw new IllegalArgumentException("unknown argument " + flag);
                }
            }
            if (dir == null || handle == null) {
                throw new IllegalArgumentException("--state-dir and --handle are required");
            }
            if (memoryKiB % 4 != 0 || vcpus > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--memory-kib must be whole 4 KiB pages");
            }
        } catch (IllegalArgumentException e) {
            err.println("sim-foreign: " + e.getMessage());
            return 2;
        }
        try {
            HostedDomain d =
                    SimOperator.createForeign(
                            dir, handle, memoryKiB, (int) vcpus, Clock.systemUTC());
            out.println(JSON.writeValueAsString(SimListMain.row(d)));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("sim-foreign: " + e.getMessage());
            return 2;
        } catch (IllegalStateException | HypervisorException e) {
            err.println("sim-foreign: refused: " + e.getMessage());
            return 1;
        }
    }

    private static long positive(String flag, String value) {
        try {
            long n = Long.parseLong(value);
            if (n < 1) {
                throw new IllegalArgumentException(flag + " must be positive: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be an integer: " + value);
        }
    }
}
