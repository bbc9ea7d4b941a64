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

    /**
     * The environment every Slipway JVM is started with: glibc's malloc keeps up to 8 arenas per
     * core, each growing on its own, and the JVM's many threads spread over them; two are enough
     * for the JVM's native allocations and keep RSS near the heap and metaspace sizes.
     */
    public static final java.util.Map<String, String> ENVIRONMENT =
            java.util.Map.of("MALLOC_ARENA_MAX", "2");

    /** {@code environment} with {@link #ENVIRONMENT} added. */
    public static java.util.Map<String, String> environmentWith(
            java.util.Map<String, String> environment) {
        java.util.Map<String, String> all = new java.util.HashMap<>(environment);
        all.putAll(ENVIRONMENT);
        return all;
    }

    private JvmOptions() {}
}
