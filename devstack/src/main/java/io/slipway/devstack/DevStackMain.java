package io.slipway.devstack;

import io.slipway.devstack.cli.UsageException;
import io.slipway.devstack.infra.Ports;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code DevStackMain infra|postgres|kafka|dev|token|bench|hosts|help [options]}. Exit status: 0
 * after a requested stop (Ctrl-C, SIGTERM), 1 when something failed (a port taken, a child died), 2
 * for a usage error.
 */
public final class DevStackMain {
    static final String USAGE =
            """
            usage: DevStackMain <command> [options]
              infra --data-dir DIR [--pg-port 15432] [--kafka-port 19092] [--controller-port 19093]
                  embedded PostgreSQL + Kafka in the foreground; writes DIR/infra.env when ready
              postgres --data-dir DIR [--pg-port 15432]
                  PostgreSQL alone in the foreground; writes DIR/postgres.env when ready
              kafka --data-dir DIR [--kafka-port 19092] [--controller-port 19093]
                  the Kafka broker alone in the foreground; writes DIR/kafka.env when ready
              dev [--driver sim|libvirt] [--hosts 3] [--port 8080] [--data-dir .slipway] [--sim-speed X]
                  [--pg-port 15432] [--kafka-port 19092] [--controller-port 19093]
                  infra + orchestrator + N simulated hosts; Ctrl-C stops everything;
                  --driver libvirt: one real host (this machine's libvirtd) and
                  DATA_DIR/examples/linux-demo.dts, a guest that boots a real Linux kernel
              token --data-dir DIR --role viewer|tenant|operator|admin [--tenant T] [--subject S]
                    [--ttl 12h]
                  prints an API token valid for the dev stack whose data dir is DIR
              bench [--creations 2000] [--concurrency 50] [--hosts 3] [--warmup 100]
                  the orchestration benchmark (simulated hosts at maximum speed); see BENCHMARKS.md
              hosts enroll ID [--api http://localhost:8080] [--token T] -o FILE
                  issue a host's Kafka credentials: FILE is its agent's --kafka-config
              hosts revoke ID [--api http://localhost:8080] [--token T]
                  take a host's credentials back (token also from SLIPWAY_TOKEN)
              help
            """;

    private DevStackMain() {}

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /** Runs one command; returns its exit status (never calls {@code System.exit}). */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        try {
            return switch (argv[0]) {
                case "infra" -> InfraCommand.run(rest, out);
                case "postgres" -> PostgresCommand.run(rest, out);
                case "kafka" -> KafkaCommand.run(rest, out);
                case "dev" -> DevCommand.run(rest, out);
                case "bench" -> BenchCommand.run(rest, out);
                case "hosts" -> HostsCommand.run(rest, System.getenv(), out);
                case "token" -> TokenCommand.run(rest, out, err);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command: " + argv[0]);
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (Ports.PortInUseException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            e.printStackTrace(err);
            return 1;
        }
    }
}
