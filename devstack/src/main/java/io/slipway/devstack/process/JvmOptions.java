package io.slipway.devstack.process;

import java.util.List;

/**
 * The JVM options Slipway's processes are started with by {@code ./slipway dev} and {@code
 * ./slipway bench} (and the ones deploy/ documents): sized for what each process holds, with the
 * serial collector, whose footprint is the smallest and whose pauses are short on heaps this size.
 * Without them a JVM on a 24 GiB machine reserves a quarter of it for heap and grows towards it.
 */
public final class JvmOptions {
    /**
     * The orchestrator: its working set is the domain-state cache (bounded), the pools and the
     * Kafka clients' buffers; 192 MiB of heap leaves room for 200 creations in flight.
     */
    public static final List<String> ORCHESTRATOR =
            List.of(
                    "-XX:+UseSerialGC",
                    "-Xms64m",
                    "-Xmx192m",
                    "-XX:MaxMetaspaceSize=160m",
                    "-XX:ReservedCodeCacheSize=64m",
                    "-Xss512k",
                    "-XX:+ExitOnOutOfMemoryError");

    /** One host's agent: a journal, a hypervisor connection, a few builder threads. */
    public static final List<String> AGENT =
            List.of(
                    "-XX:+UseSerialGC",
                    "-Xmx128m",
                    "-XX:ReservedCodeCacheSize=32m",
                    "-Xss512k",
                    "-XX:+ExitOnOutOfMemoryError");

    private JvmOptions() {}
}
