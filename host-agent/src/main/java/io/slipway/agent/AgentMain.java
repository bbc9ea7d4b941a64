package io.slipway.agent;

import java.time.Clock;
import java.util.Arrays;

/** Entry point of the agent process; exit status 2 for bad flags. */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(AgentFlags.USAGE);
            return;
        }
        AgentConfig config;
        try {
            config = AgentFlags.parse(args, System.getenv());
        } catch (IllegalArgumentException | NullPointerException e) {
            System.err.println("slipway agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        Agent agent = Agent.start(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
        agent.awaitTermination();
    }
}
