package io.slipway.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code slipway}: the operator command line. {@link #run} runs one command line and returns its
 * exit status ({@link ExitCode}) without calling {@code System.exit}; failures are printed as one
 * or a few lines on stderr, never as a stack trace.
 */
@Command(
        name = "slipway",
        mixinStandardHelpOptions = true,
        version = "slipway 0.1.0",
        description = "Create, inspect and destroy Slipway domains; operate hosts.",
        footer = {
            "%nThe API and token come from --api/--token, else SLIPWAY_API/SLIPWAY_TOKEN,",
            "else $XDG_CONFIG_HOME/slipway/config (or ~/.config/slipway/config) with lines",
            "api=URL and token=TOKEN, readable by its owner only.",
            "The default API is http://localhost:8080.",
            ExitCode.HELP
        },
        subcommands = {
            DomainsCommand.class,
            HostsCommand.class,
            TemplatesCommand.class,
            AdminCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SlipwayCli implements Runnable {
    private final Context ctx;

    public SlipwayCli(Context ctx) {
        this.ctx = ctx;
    }

    @Option(
            names = "--api",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description = "the orchestrator, e.g. http://localhost:8080 (else SLIPWAY_API)")
    void api(String url) {
        ctx.apiOption = url;
    }

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            scope = ScopeType.INHERIT,
            description = "API token (else SLIPWAY_TOKEN, else the config file)")
    void token(String token) {
        ctx.tokenOption = token;
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "a command is needed: domains, hosts, templates, admin or completion");
    }

    public static void main(String[] args) {
        System.exit(
                run(
                        args,
                        new Context(
                                System.out,
                                System.err,
                                System.getenv(),
                                System.console() != null,
                                Clock.systemDefaultZone())));
    }

    /** Runs one command line in {@code ctx}; returns the exit status. */
    public static int run(String[] args, Context ctx) {
        return commandLine(ctx).execute(args);
    }

    /** The whole command tree, wired to {@code ctx}. */
    public static CommandLine commandLine(Context ctx) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cl =
                new CommandLine(
                        SlipwayCli.class,
                        new CommandLine.IFactory() {
                            @Override
                            public <K> K create(Class<K> cls) throws Exception {
                                try {
                                    return cls.getDeclaredConstructor(Context.class)
                                            .newInstance(ctx);
                                } catch (NoSuchMethodException e) {
                                    return defaults.create(cls);
                                }
                            }
                        });
        cl.setOut(
                new PrintWriter(
                        new java.io.OutputStreamWriter(ctx.out, StandardCharsets.UTF_8), true));
        cl.setErr(
                new PrintWriter(
                        new java.io.OutputStreamWriter(ctx.err, StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    PrintStream err = ctx.err;
                    if (e instanceof CliException c) {
                        err.println(c.getMessage());
                        err.flush();
                        return c.exitCode();
                    }
                    if (e instanceof CommandLine.ParameterException p) {
                        err.println("error: " + p.getMessage());
                        p.getCommandLine().usage(err);
                        return ExitCode.USAGE;
                    }
                    err.println("error: unexpected failure: " + e);
                    err.flush();
                    return ExitCode.FAILED;
                });
        return cl;
    }

    /** The bash completion script for the whole command tree. */
    static String completionScript(Context ctx) {
        return AutoComplete.bash("slipway", commandLine(ctx));
    }
}
