package io.slipway.agent.simtools;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.sim.EffectCount;
import io.slipway.agent.hypervisor.sim.SimInspector;
import io.slipway.agent.report.Inventory;
import io.slipway.protocol.DomainMarker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sim-list --state-dir DIR [--applications]}: prints the simulated host's domains as a JSON
 * array of {@code {handle, domid, marker: {domainId, epoch, attempt, state}, vcpus, populatedPages,
 * paused, devices, hidden, pauseCount, teardown}} ({@code marker} null when absent), or with {@code
 * --applications} the effect counters {@code [{handle, step, subject, count}]}. Reads persisted
 * state only. Exit status 2 for bad flags.
 */
@Command(
        name = "sim-list",
        description = "The simulated hypervisor's domains as JSON (works while the agent is down).")
public final class SimListMain implements Callable<Integer> {
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
            description = "the simulated host's state directory (the agent's --state-dir)")
    Path dir;

    @Option(
            names = "--applications",
            description = "how many times each step's effect was applied, instead of the domains")
    boolean applications;

    private final PrintStream out;
    private final PrintStream err;

    private SimListMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the tool; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return ToolCommandLine.of(new SimListMain(out, err), "sim-list", out, err).execute(args);
    }

    @Override
    public Integer call() {
        try {
            Object json =
                    applications
                            ? SimInspector.effectCounts(dir).stream().map(SimListMain::row).toList()
                            : SimInspector.domains(dir).stream().map(SimListMain::row).toList();
            out.println(JSON.writeValueAsString(json));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("sim-list: " + e.getMessage());
            return 2;
        }
    }

    static Map<String, Object> row(HostedDomain d) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("handle", d.handle().toString());
        row.put("domid", d.domid());
        row.put("marker", marker(d.marker()));
        row.put("vcpus", d.config().maxVcpus());
        row.put("populatedPages", d.populatedPages());
        row.put("paused", d.paused());
        row.put("devices", Inventory.entry(d).devices());
        row.put("hidden", d.hidden());
        row.put("pauseCount", d.pauseCount());
        row.put("teardown", d.teardown().name());
        return row;
    }

    static Map<String, Object> row(EffectCount a) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("handle", a.handle().toString());
        row.put("step", a.step().name());
        row.put("subject", a.subject());
        row.put("count", a.count());
        return row;
    }

    private static Map<String, Object> marker(DomainMarker m) {
        if (m == null) {
            return null;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("domainId", m.domainId().toString());
        row.put("epoch", m.epoch());
        row.put("attempt", m.attempt());
        row.put("state", m.state().name());
        return row;
    }
}
