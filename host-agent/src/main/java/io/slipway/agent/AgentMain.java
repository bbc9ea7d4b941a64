package io.slipway.agent;

import java.time.Clock;
import java.util.Arrays;

/** Entry point of the agent process; exit status 2 for bad flags. */
public final class AgentMain {
    private AgentMain() {}

    /**
     * The agent's logging configuration has its own name: as a plain {@code logback.xml} it would
     * clash with the configuration of any application that embeds agents (the benchmark, tests).
     */
    public static final String LOGBACK_CONFIG = "slipway-agent-logback.xml";

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
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
