package io.slipway.devstack;

import io.slipway.devstack.cli.HelpOption;
import io.slipway.devstack.cli.UsageException;
import io.slipway.devstack.infra.Ports;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code DevStackMain infra|postgres|kafka|dev|token|bench|hosts|help [options]}, parsed by
 * picocli: {@code DevStackMain COMMAND --help} prints the command's generated help. Exit status: 0
 * after a requested stop (Ctrl-C, SIGTERM), 1 when something failed (a port taken, a child died), 2
 * for a usage error (its message and the command's usage on stderr, never a stack trace).
 */
@Command(
        name = "DevStackMain",
        description =
                "The dev stack: embedded infrastructure, the whole system on one machine,"
                        + " the benchmark and dev credentials.",
        synopsisSubcommandLabel = "COMMAND")
public final class DevStackMain implements Callable<Integer> {
    @Mixin HelpOption helpOption;

    @Spec CommandSpec spec;

    private DevStackMain() {}

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /** Runs one command; returns its exit status (never calls {@code System.exit}). */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        return commandLine(System.getenv(), out, err).execute(argv);
    }

    /** The launcher's command tree, writing to {@code out} and {@code err}. */
    static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err) {
        var hosts =
                new CommandLine(new HostsCommand())
                        .addSubcommand(new HostsCommand.Enroll(env, out))
                        .addSubcommand(new HostsCommand.Revoke(env, out));
        var cl =
                new CommandLine(new DevStackMain())
                        .addSubcommand(new InfraCommand(out))
                        .addSubcommand(new PostgresCommand(out))
                        .addSubcommand(new KafkaCommand(out))
                        .addSubcommand(new DevCommand(out))
                        .addSubcommand(new TokenCommand(out, err))
                        .addSubcommand(new BenchCommand(out))
                        .addSubcommand(hosts)
                        .addSubcommand(new HelpCommand());
        return cl.setOut(writer(out))
                .setErr(writer(err))
                .setExitCodeExceptionMapper(DevStackMain::exitCode)
                .setExecutionExceptionHandler(
                        (e, commandLine, parseResult) -> failed(e, commandLine, err));
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    private static int failed(Exception e, CommandLine commandLine, PrintStream err) {
        if (e instanceof UsageException) {
            err.println(e.getMessage());
            commandLine.usage(err);
            return 2;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return 1;
        }
        err.println("error: " + e.getMessage());
        if (!(e instanceof Ports.PortInUseException)) {
            e.printStackTrace(err);
        }
        return 1;
    }

    private static int exitCode(Throwable t) {
        return t instanceof ParameterException ? 2 : 1;
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
