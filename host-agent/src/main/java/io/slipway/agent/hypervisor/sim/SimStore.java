package io.slipway.agent.hypervisor.sim;

import io.slipway.agent.durable.DurableFiles;
import io.slipway.agent.hypervisor.DomainHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's files in its state directory: {@code host.json}, {@code domains/<handle>.json},
 * {@code artifacts/<digest>} and the append-only {@code effects.log}. Not thread-safe for writers;
 * the simulator serializes writes.
 */
final class SimStore implements AutoCloseable {
    private final Path dir;
    private final JsonMapper json;
    private FileChannel effects;

    /**
     * {@code -Dslipway.sim.no-fsync=true} writes the simulated hypervisor's state without fsync:
     * for benchmarks of the orchestration path with zero hypervisor time (a real hypervisor's own
     * state is not the agent's to flush). The agent's journal and epoch ledger stay durable.
     */
    private static final boolean FSYNC = !Boolean.getBoolean("slipway.sim.no-fsync");

    SimStore(Path dir, JsonMapper json) {
        this.dir = dir;
        this.json = json;
    }

    /** One mapper for every store: thread-safe, and its caches are worth sharing across hosts. */
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    static JsonMapper mapper() {
        return MAPPER;
    }

    Optional<HostFile> readHost() {
        Path file = dir.resolve("host.json");
        return Files.exists(file)
                ? Optional.of(json.readValue(file.toFile(), HostFile.class))
                : Optional.empty();
    }

    void writeHost(HostFile host) {
        DurableFiles.replace(dir.resolve("host.json"), json.writeValueAsBytes(host), FSYNC);
    }

    /** Every persisted domain, by handle; leftovers of interrupted writes are ignored. */
    Map<DomainHandle, StoredDomain> readDomains() {
        Path domains = dir.resolve("domains");
        Map<DomainHandle, StoredDomain> out = new LinkedHashMap<>();
        if (!Files.isDirectory(domains)) {
            return out;
        }
        List<StoredDomain> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(domains)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                all.add(json.readValue(f.toFile(), StoredDomain.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + domains, e);
        }
        all.sort(Comparator.comparingInt(d -> d.state().domid()));
        all.forEach(d -> out.put(d.state().handle(), d));
        return out;
    }

    void writeDomain(StoredDomain domain) {
        DurableFiles.replace(
                domainFile(domain.state().handle()), json.writeValueAsBytes(domain), FSYNC);
    }

    void deleteDomain(DomainHandle handle) {
        DurableFiles.delete(domainFile(handle), FSYNC);
    }

    boolean hasArtifact(String digest) {
        return Files.exists(artifactFile(digest));
    }

    void writeArtifact(String digest) {
        DurableFiles.replace(
                artifactFile(digest),
                digest.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                FSYNC);
    }

    void appendEffect(EffectRecord record) {
        if (effects == null) {
            effects = DurableFiles.openAppend(effectsFile());
        }
        DurableFiles.appendLines(effects, List.of(json.writeValueAsString(record)), FSYNC);
    }

    List<EffectRecord> readEffects() {
        return DurableFiles.readCompleteLines(effectsFile()).stream()
                .map(l -> json.readValue(l, EffectRecord.class))
                .toList();
    }

    /**
     * Counts applications per (handle, step, subject). Of lines sharing a key the last one counts;
     * lines of a live domain beyond its persisted effect sequence were cut short by a crash and do
     * not count.
     */
    static List<EffectCount> count(
            List<EffectRecord> records, Map<DomainHandle, StoredDomain> live) {
        Map<String, EffectRecord> byKey = new LinkedHashMap<>();
        for (EffectRecord r : records) {
            byKey.remove(r.key());
            byKey.put(r.key(), r);
        }
        Map<List<Object>, Integer> counts = new LinkedHashMap<>();
        Map<List<Object>, EffectRecord> first = new HashMap<>();
        for (EffectRecord r : byKey.values()) {
            StoredDomain d = live.get(r.handle());
            if (r.seq() > 0 && d != null && r.seq() > d.effectSeq()) {
                continue;
            }
            List<Object> k = List.of(r.handle(), r.step(), r.subject());
            counts.merge(k, 1, Integer::sum);
            first.putIfAbsent(k, r);
        }
        List<EffectCount> out = new ArrayList<>();
        counts.forEach(
                (k, n) -> {
                    EffectRecord r = first.get(k);
                    out.add(new EffectCount(r.handle(), r.step(), r.subject(), n));
                });
        return out;
    }

    @Override
    public void close() {
        if (effects != null) {
            try {
                effects.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Path effectsFile() {
        return dir.resolve("effects.log");
    }

    private Path domainFile(DomainHandle handle) {
        return dir.resolve("domains").resolve(handle + ".json");
    }

    private Path artifactFile(String digest) {
        return dir.resolve("artifacts").resolve(digest.replace(':', '_'));
    }
}
