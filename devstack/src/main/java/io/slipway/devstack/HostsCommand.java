package io.slipway.devstack;

import io.slipway.devstack.cli.Args;
import io.slipway.devstack.cli.UsageException;
import io.slipway.devstack.hosts.EnrollmentClient;
import io.slipway.protocol.HostId;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code hosts enroll ID [--api URL] [--token T] -o FILE}: issues a host's Kafka credentials and
 * writes its agent's {@code --kafka-config} file; {@code hosts revoke ID [--api URL] [--token T]}
 * takes them back. The token defaults to {@code SLIPWAY_TOKEN}.
 */
final class HostsCommand {
    static final String TOKEN_ENV = "SLIPWAY_TOKEN";

    private HostsCommand() {}

    static int run(String[] argv, Map<String, String> env, PrintStream out) {
        if (argv.length < 2 || !(argv[0].equals("enroll") || argv[0].equals("revoke"))) {
            throw new UsageException("hosts needs: enroll ID -o FILE | revoke ID");
        }
        String verb = argv[0];
        if (!HostId.isValid(argv[1])) {
            throw new UsageException("not a host id (1-63 of [a-z0-9-]): " + argv[1]);
        }
        HostId host = HostId.of(argv[1]);
        String[] rest =
                Arrays.stream(argv, 2, argv.length)
                        .map(a -> a.equals("-o") ? "--out" : a)
                        .toArray(String[]::new);
        var args = Args.parse(rest, Set.of("api", "token", "out"));
        URI api = URI.create(args.string("api").orElse("http://localhost:8080"));
        Optional<String> token =
                args.string("token").or(() -> Optional.ofNullable(env.get(TOKEN_ENV)));
        var client = new EnrollmentClient(api, token);
        try {
            if (verb.equals("enroll")) {
                Path file =
                        args.string("out")
                                .map(Path::of)
                                .orElseThrow(
                                        () -> new UsageException("hosts enroll needs -o FILE"));
                EnrollmentClient.writeSecret(file, client.enroll(host));
                out.printf(
                        "host %s enrolled; start its agent with --kafka-config %s%n", host, file);
            } else {
                out.println(
                        client.revoke(host)
                                ? "host " + host + " revoked"
                                : "host " + host + " was not enrolled");
            }
            return 0;
        } catch (EnrollmentClient.EnrollmentException e) {
            out.println("error: " + e.getMessage());
            return 1;
        }
    }
}
