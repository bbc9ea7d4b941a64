package io.slipway.agent.run;

import io.slipway.agent.durable.DurableFiles;
import io.slipway.protocol.DomainId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The highest epoch this host has accepted per domain, kept in the state directory. It fences
 * commands when the hypervisor has no marker to compare with: a delayed create command of an old
 * epoch arriving after the domain was destroyed must not build it again. Thread-safe per domain.
 */
public final class EpochLedger {
    private final Path dir;
    private final Map<DomainId, Long> cache = new ConcurrentHashMap<>();

    public EpochLedger(Path stateDir) {
        this.dir = stateDir.resolve("epochs");
    }

    /** The highest epoch accepted for {@code domain}, 0 when none. */
    public long highest(DomainId domain) {
        return cache.computeIfAbsent(domain, this::read);
    }

    /** Records {@code epoch} durably if it is higher than what is known. */
    public void accept(DomainId domain, long epoch) {
        if (epoch > highest(domain)) {
            DurableFiles.replace(dir.resolve(domain.toString()), Long.toString(epoch));
            cache.put(domain, epoch);
        }
    }

    private long read(DomainId domain) {
        Path file = dir.resolve(domain.toString());
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
