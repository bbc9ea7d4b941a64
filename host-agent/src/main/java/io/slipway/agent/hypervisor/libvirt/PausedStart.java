package io.slipway.agent.hypervisor.libvirt;

import static io.slipway.agent.hypervisor.libvirt.LibvirtConnection.active;
import static io.slipway.agent.hypervisor.libvirt.LibvirtConnection.failure;
import static io.slipway.agent.hypervisor.libvirt.LibvirtConnection.message;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.protocol.FailureCode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/**
 * POPULATE_MEMORY on libvirt: starts QEMU paused, which allocates all guest memory ({@code
 * allocation mode='immediate'}). libvirt has no partial populate, so the start runs in the
 * background and each call waits at most the progress interval, returning the pages QEMU holds so
 * far (its resident set): a large guest reports real progress. A start interrupted by an agent
 * crash is finished by libvirtd; the next call finds the domain running.
 */
final class PausedStart implements AutoCloseable {
    private static final int START_PAUSED = 1;

    private final LibvirtConnection libvirt;
    private final Duration interval;
    private final ExecutorService starter =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "libvirt-start");
                        t.setDaemon(true);
                        return t;
                    });
    private final Map<DomainHandle, CompletableFuture<Void>> starting = new ConcurrentHashMap<>();

    PausedStart(LibvirtConnection libvirt, Duration interval) {
        this.libvirt = libvirt;
        this.interval = interval;
    }

    /**
     * @return {@code target} once QEMU runs (paused), fewer pages while it is still allocating
     */
    long populate(DomainHandle handle, long target) {
        if (active(libvirt.require(handle))) {
            return target;
        }
        CompletableFuture<Void> start =
                starting.computeIfAbsent(
                        handle, h -> CompletableFuture.runAsync(() -> start(h, target), starter));
        try {
            start.get(interval.toMillis(), TimeUnit.MILLISECONDS);
            starting.remove(handle);
            return target;
        } catch (TimeoutException e) {
            return Math.min(target - 1, QemuProcess.residentPages(DomainDefinition.name(handle)));
        } catch (ExecutionException e) {
            starting.remove(handle);
            throw e.getCause() instanceof HypervisorException h
                    ? h
                    : failure("start of " + handle + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while starting " + handle);
        }
    }

    /** Forgets a start in flight (the domain is being killed). */
    void forget(DomainHandle handle) {
        CompletableFuture<Void> pending = starting.remove(handle);
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private void start(DomainHandle handle, long pages) {
        try {
            long freeBytes = libvirt.conn().getFreeMemory();
            if (freeBytes / 4096 < pages) {
                throw new HypervisorException(
                        FailureCode.INSUFFICIENT_MEMORY,
                        false,
                        "host has "
                                + (freeBytes >> 20)
                                + " MiB free, guest needs "
                                + (pages >> 8)
                                + " MiB");
            }
            Domain d = libvirt.require(handle);
            if (!active(d)) {
                d.create(START_PAUSED);
            }
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_OPERATION_INVALID
                    && libvirt.domain(handle).map(LibvirtConnection::active).orElse(false)) {
                return; // started meanwhile (by libvirtd finishing an earlier request)
            }
            String text = message(e);
            throw new HypervisorException(
                    text.contains("Cannot allocate memory")
                            ? FailureCode.INSUFFICIENT_MEMORY
                            : FailureCode.HYPERVISOR_ERROR,
                    true,
                    "cannot start " + handle + ": " + text);
        }
    }

    @Override
    public void close() {
        starter.shutdownNow();
    }
}
