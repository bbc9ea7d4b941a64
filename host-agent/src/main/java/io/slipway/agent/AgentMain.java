package io.slipway.agent;

import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Entry point of the agent process; exit status 2 for bad flags. */
public final class AgentMain {
    private AgentMain() {}

    /**
     * The agent's logging configuration has its own name: as a plain {@code logback.xml} it would
     * clash with the configuration of any application that embeds agents (the benchmark, tests).
     */
    public static final String LOGBACK_CONFIG = "slipway-agent-logback.xml";

    /** The same, one JSON object per line: chosen by {@value #LOG_FORMAT_ENV}{@code =json}. */
    public static final String LOGBACK_JSON_CONFIG = "slipway-agent-logback-json.xml";

    /** {@code json} (or {@code ecs}, {@code logstash}: the orchestrator's names) for JSON lines. */
    public static final String LOG_FORMAT_ENV = "SLIPWAY_LOG_FORMAT";

    /**
     * The logging configuration an agent process uses, unless {@code -Dlogback.configurationFile}
     * names one: text lines, or JSON lines when {@value #LOG_FORMAT_ENV} asks for them.
     */
    public static String logbackConfig(Map<String, String> env) {
        String format = env.getOrDefault(LOG_FORMAT_ENV, "");
        return switch (format) {
            case "json", "ecs", "logstash" -> LOGBACK_JSON_CONFIG;
            default -> LOGBACK_CONFIG;
        };
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", logbackConfig(System.getenv()));
        }
        CommandLine commandLine = AgentFlags.commandLine(System.getenv());
        AgentConfig config;
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(System.out);
                return;
            }
            config = ((AgentFlags) commandLine.getCommand()).config();
        } catch (ParameterException e) {
            // One line: an agent runs under a supervisor whose log shows it; --help has the rest.
            System.err.println("slipway agent: " + e.getMessage() + " (--help lists every flag)");
            System.exit(2);
            return;
        }
        Agent agent = Agent.start(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-shutdown"));
        agent.awaitTermination();
    }
}
