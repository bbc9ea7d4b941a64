package io.slipway.agent.step;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.StepRef;
import java.util.Objects;

/**
 * What one step execution works on: the hypervisor handle, and which domain with that handle counts
 * as its own (steps leave anything else alone). Immutable.
 */
public sealed interface Target {
    DomainHandle handle();

    /** Whether {@code domain} (found by {@link #handle()}) is the one the step may act on. */
    boolean owns(HostedDomain domain, StepRef ref);

    /**
     * The marker {@code KILL_DOMAIN} leaves on {@code domain} while tearing it down; null to leave
     * the marker as it is.
     */
    DomainMarker dying(HostedDomain domain, StepRef ref);

    /**
     * A guest of an {@code ExecuteStep}: its creation owns the domain whose marker names the
     * command's domain, and every marker it writes carries the command's epoch and attempt.
     */
    record Guest(GuestSpec spec) implements Target {
        public Guest {
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public DomainHandle handle() {
            return new DomainHandle(spec.handle());
        }

        @Override
        public boolean owns(HostedDomain domain, StepRef ref) {
            return domain.marker() != null && domain.marker().domainId().equals(ref.domainId());
        }

        @Override
        public DomainMarker dying(HostedDomain domain, StepRef ref) {
            return new DomainMarker(
                    ref.domainId(), ref.epoch(), ref.attempt(), DomainMarker.State.DYING);
        }
    }

    /**
     * A copy being reaped ({@code ReapDomain}): a domain marked by the reap's domain under an epoch
     * below the reap's, or an unmarked one when the reap's domain id is the handle itself. The
     * copy's own epoch is kept on its marker (only its state becomes {@code DYING}), so a reap
     * resumed after a crash still finds the copy stale and goes on; a copy re-fenced meanwhile by a
     * newer owner is no longer the reap's and is left alone.
     */
    record StaleCopy(DomainHandle handle) implements Target {
        public StaleCopy {
            Objects.requireNonNull(handle, "handle");
        }

        @Override
        public boolean owns(HostedDomain domain, StepRef ref) {
            DomainMarker m = domain.marker();
            if (m == null) {
                return ref.domainId().value().equals(handle.value());
            }
            return m.domainId().equals(ref.domainId()) && m.epoch() < ref.epoch();
        }

        @Override
        public DomainMarker dying(HostedDomain domain, StepRef ref) {
            DomainMarker m = domain.marker();
            return m == null
                    ? null
                    : new DomainMarker(
                            m.domainId(), m.epoch(), m.attempt(), DomainMarker.State.DYING);
        }
    }
}
