package io.slipway.devstack.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a {@link SlipwaySystem} runs besides the infrastructure, which it always runs.
 *
 * @param orchestrator whether to start the orchestrator
 * @param orchestratorArgs extra program arguments, e.g. {@code --slipway.sweeper.interval=200ms}
 * @param agents the agents to start, in order
 * @param orchestratorJvm JVM options of the orchestrator, e.g. {@code -Xmx192m} (none: the JVM's
 *     defaults)
 */
public record SystemSpec(
        boolean orchestrator,
        List<String> orchestratorArgs,
        List<AgentSpec> agents,
        List<String> orchestratorJvm) {
    public SystemSpec {
        orchestratorArgs = List.copyOf(orchestratorArgs);
        agents = List.copyOf(agents);
        orchestratorJvm = List.copyOf(orchestratorJvm);
        if (!orchestrator && !(orchestratorArgs.isEmpty() && orchestratorJvm.isEmpty())) {
            throw new IllegalArgumentException("orchestrator arguments without an orchestrator");
        }
    }

    public SystemSpec(boolean orchestrator, List<String> orchestratorArgs, List<AgentSpec> agents) {
        this(orchestrator, orchestratorArgs, agents, List.of());
    }

    /** PostgreSQL and Kafka only. */
    public static SystemSpec infraOnly() {
        return new SystemSpec(false, List.of(), List.of());
    }

    /** The orchestrator and agents {@code host-1} .. {@code host-N} with {@link AgentSpec#of}. */
    public static SystemSpec withHosts(int n) {
        return new SystemSpec(
                true,
                List.of(),
                IntStream.rangeClosed(1, n).mapToObj(i -> AgentSpec.of("host-" + i)).toList());
    }

    /** This spec plus one more agent. */
    public SystemSpec withAgent(AgentSpec agent) {
        var all = new ArrayList<>(agents);
        all.add(agent);
        return new SystemSpec(orchestrator, orchestratorArgs, all, orchestratorJvm);
    }

    /** This spec with the agent of the same host id replaced by {@code agent}. */
    public SystemSpec replacingAgent(AgentSpec agent) {
        return new SystemSpec(
                orchestrator,
                orchestratorArgs,
                agents.stream().map(a -> a.hostId().equals(agent.hostId()) ? agent : a).toList(),
                orchestratorJvm);
    }

    public SystemSpec withOrchestratorArgs(String... args) {
        var all = new ArrayList<>(orchestratorArgs);
        all.addAll(List.of(args));
        return new SystemSpec(true, all, agents, orchestratorJvm);
    }

    /** This spec with the orchestrator's JVM started with {@code options} (e.g. a small heap). */
    public SystemSpec withOrchestratorJvm(String... options) {
        return new SystemSpec(true, orchestratorArgs, agents, List.of(options));
    }
}
