package io.slipway.devstack.torture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * What the torture suite runs, from system properties (all optional):
 *
 * <ul>
 *   <li>{@code slipway.torture.full=true}: the whole crash matrix, seeds 1..20 and 100 creations
 *       per seed ({@code ./slipway torture}); otherwise a bounded subset for {@code mvn verify}.
 *   <li>{@code slipway.torture.cells=all} or a comma-separated list of cell names (e.g. {@code
 *       agent:ASSIGN_PCI:0.5}): exactly these cells; {@code none} skips the matrix.
 *   <li>{@code slipway.torture.seeds=7,42}: exactly these seeds; {@code none} skips the randomized
 *       runs.
 *   <li>{@code slipway.torture.creations=N}: creations per randomized run.
 *   <li>{@code slipway.torture.rotation=N}: which subset the bounded run takes (default: the day
 *       number, so the subset rotates daily and any day's subset can be re-run).
 *   <li>{@code slipway.torture.results=FILE}: every result line is also appended there.
 * </ul>
 */
record TortureSettings(
        List<CrashCell> cells,
        List<Long> seeds,
        int creations,
        long rotation,
        Optional<Path> results) {
    private static final int FULL_SEEDS = 20;

    static TortureSettings fromSystemProperties() {
        boolean full = Boolean.getBoolean("slipway.torture.full");
        long rotation = Long.getLong("slipway.torture.rotation", LocalDate.now().toEpochDay());
        String cellsProperty = System.getProperty("slipway.torture.cells", full ? "all" : "");
        List<CrashCell> cells;
        if (cellsProperty.isBlank()) {
            cells = CrashCell.subset(rotation);
        } else if (cellsProperty.equals("all")) {
            cells = CrashCell.all();
        } else if (cellsProperty.equals("none")) {
            cells = List.of();
        } else {
            cells = Arrays.stream(cellsProperty.split(",")).map(CrashCell::parse).toList();
        }
        String seedsProperty = System.getProperty("slipway.torture.seeds", "");
        List<Long> seeds;
        if (seedsProperty.isBlank()) {
            seeds =
                    full
                            ? LongStream.rangeClosed(1, FULL_SEEDS).boxed().toList()
                            : List.of(rotation);
        } else if (seedsProperty.equals("none")) {
            seeds = List.of();
        } else {
            seeds =
                    Arrays.stream(seedsProperty.split(","))
                            .map(s -> Long.parseLong(s.trim()))
                            .toList();
        }
        int creations = Integer.getInteger("slipway.torture.creations", full ? 100 : 20);
        String results = System.getProperty("slipway.torture.results", "");
        return new TortureSettings(
                cells,
                seeds,
                creations,
                rotation,
                results.isBlank() ? Optional.empty() : Optional.of(Path.of(results)));
    }

    /** Prints one result line and appends it to the results file, if any. */
    void record(String line) {
        System.out.println(line);
        results.ifPresent(
                file -> {
                    try {
                        Files.createDirectories(file.toAbsolutePath().getParent());
                        Files.writeString(
                                file,
                                line + System.lineSeparator(),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
