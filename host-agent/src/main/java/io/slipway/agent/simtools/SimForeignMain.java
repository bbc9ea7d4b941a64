package io.slipway.agent.simtools;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.agent.hypervisor.sim.SimOperator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
@Command(
        name = "sim-foreign",
        description = {
            "Put a domain without a Slipway marker on a stopped simulated host, as a hand-run",
            "`xl create` would: it shows up as an orphan in the host's inventory."
        })
public final class SimForeignMain implements Callable<Integer> {
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "slipway-agent-logback.xml");
        }
        System.exit(run(args, System.out, System.err));
    }

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            required = true,
            description = "the stopped simulated host's state directory")
    Path dir;

    @Option(
            names = "--handle",
            paramLabel = "UUID",
            required = true,
            description = "the foreign domain's handle")
    String handle;

    @Option(
            names = "--memory-kib",
            paramLabel = "N",
            defaultValue = "262144",
            description = "its memory, whole 4 KiB pages (default: ${DEFAULT-VALUE})")
    String memoryKiB;

    @Option(
            names = "--vcpus",
            paramLabel = "N",
            defaultValue = "1",
            description = "its vCPUs (default: ${DEFAULT-VALUE})")
    String vcpus;

    private final PrintStream out;
    private final PrintStream err;

    private SimForeignMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the tool; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return ToolCommandLine.of(new SimForeignMain(out, err), "sim-foreign", out, err)
                .execute(args);
    }

    @Override
    public Integer call() {
        DomainHandle parsedHandle;
        long memory;
        long cpus;
        try {
            parsedHandle = DomainHandle.parse(handle);
            memory = positive("--memory-kib", memoryKiB);
            cpus = positive("--vcpus", vcpus);
            if (memory % 4 != 0 || cpus > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--memory-kib must be whole 4 KiB pages");
            }
        } catch (IllegalArgumentException e) {
            err.println("sim-foreign: " + e.getMessage());
            return 2;
        }
        try {
            HostedDomain d =
                    SimOperator.createForeign(
                            dir, parsedHandle, memory, (int) cpus, Clock.systemUTC());
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
