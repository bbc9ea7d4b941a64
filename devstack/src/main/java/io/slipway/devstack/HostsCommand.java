package io.slipway.devstack;

import io.slipway.devstack.cli.HelpOption;
import io.slipway.devstack.hosts.EnrollmentClient;
import io.slipway.protocol.HostId;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hosts enroll ID [--api URL] [--token T] -o FILE}: issues a host's Kafka credentials and
 * writes its agent's {@code --kafka-config} file; {@code hosts revoke ID [--api URL] [--token T]}
 * takes them back. The token defaults to {@code SLIPWAY_TOKEN}.
 */
@Command(
        name = "hosts",
        description = "Issue or take back a host's Kafka credentials (the orchestrator must run).")
final class HostsCommand implements Callable<Integer> {
    @Mixin HelpOption helpOption;

    static final String TOKEN_ENV = "SLIPWAY_TOKEN";

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "hosts needs: enroll ID -o FILE | revoke ID");
    }

    /** The options both verbs share. */
    abstract static class Verb implements Callable<Integer> {
        final Map<String, String> env;
        final PrintStream out;

        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "the host's id")
        String id;

        @Option(
                names = "--api",
                paramLabel = "URL",
                defaultValue = "http://localhost:8080",
                description = "the orchestrator's API (default: ${DEFAULT-VALUE})")
        String api;

        @Option(
                names = "--token",
                paramLabel = "T",
                description = "an admin API token (default: $" + TOKEN_ENV + ")")
        String token;

        Verb(Map<String, String> env, PrintStream out) {
            this.env = env;
            this.out = out;
        }

        @Override
        public Integer call() {
            if (!HostId.isValid(id)) {
                throw new ParameterException(
                        spec.commandLine(), "not a host id (1-63 of [a-z0-9-]): " + id);
            }
            var client =
                    new EnrollmentClient(
                            URI.create(api),
                            Optional.ofNullable(token)
                                    .or(() -> Optional.ofNullable(env.get(TOKEN_ENV))));
            try {
                apply(client, HostId.of(id));
                return 0;
            } catch (EnrollmentClient.EnrollmentException e) {
                out.println("error: " + e.getMessage());
                return 1;
            }
        }

        abstract void apply(EnrollmentClient client, HostId host);
    }

    @Command(
            name = "enroll",
            description = "Issue a host's Kafka credentials; FILE is its agent's --kafka-config.")
    static final class Enroll extends Verb {
        @Mixin HelpOption helpOption;

        @Option(
                names = {"-o", "--out"},
                paramLabel = "FILE",
                required = true,
                description = "where to write the credentials (mode 0600)")
        Path file;

        Enroll(Map<String, String> env, PrintStream out) {
            super(env, out);
        }

        @Override
        void apply(EnrollmentClient client, HostId host) {
            EnrollmentClient.writeSecret(file, client.enroll(host));
            out.printf("host %s enrolled; start its agent with --kafka-config %s%n", host, file);
        }
    }

    @Command(
            name = "revoke",
            description = "Take a host's credentials back: the broker refuses it from then on.")
    static final class Revoke extends Verb {
        @Mixin HelpOption helpOption;

        Revoke(Map<String, String> env, PrintStream out) {
            super(env, out);
        }

        @Override
        void apply(EnrollmentClient client, HostId host) {
            out.println(
                    client.revoke(host)
                            ? "host " + host + " revoked"
                            : "host " + host + " was not enrolled");
        }
    }
}
