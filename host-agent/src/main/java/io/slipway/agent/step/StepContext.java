package io.slipway.agent.step;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.GuestSpec;
import io.slipway.protocol.StepRef;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one execution of one step may use. Built by the runner after fencing, so the marker of
 * an owned domain already carries this command's epoch and attempt.
 *
 * @param target the domain worked on: a guest of an {@code ExecuteStep}, or a copy being reaped
 *     (which has no guest spec: only the destroy steps run on it)
 * @param resumeFrom the orchestrator's last checkpoint for this step (empty when none): a hint to
 *     verify against the hypervisor, never the truth
 * @param waitBound how long waiting steps (shutdown, gone) wait at most, in real time
 */
public record StepContext(
        StepRef ref,
        Target target,
        Map<String, String> resumeFrom,
        HypervisorDriver driver,
        ProgressSink progress,
        Cancellation cancellation,
        Duration waitBound) {

    public StepContext {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(target, "target");
        resumeFrom = Map.copyOf(resumeFrom);
    }

    /** The context of an {@code ExecuteStep} for the guest {@code spec}. */
    public StepContext(
            StepRef ref,
            GuestSpec spec,
            Map<String, String> resumeFrom,
            HypervisorDriver driver,
            ProgressSink progress,
            Cancellation cancellation,
            Duration waitBound) {
        this(ref, new Target.Guest(spec), resumeFrom, driver, progress, cancellation, waitBound);
    }

    /**
     * The guest description, for create steps.
     *
     * @throws IllegalStateException for a reap, which carries none
     */
    public GuestSpec spec() {
        if (target instanceof Target.Guest guest) {
            return guest.spec();
        }
        throw new IllegalStateException(ref + " has no guest spec: it reaps " + target.handle());
    }

    public DomainHandle handle() {
        return target.handle();
    }

    /** The domain with this guest's handle, whoever owns it. */
    public Optional<HostedDomain> probe() {
        return driver.find(handle());
    }

    /** The domain with this handle if the target owns it (see {@link Target#owns}). */
    public Optional<HostedDomain> ownDomain() {
        return probe().filter(this::owns);
    }

    /**
     * The owned domain, for create steps after {@code CREATE_SHELL}.
     *
     * @throws StepFailure {@code DOMAIN_MISSING} when there is none, {@code HYPERVISOR_ERROR} when
     *     the handle belongs to someone else; neither is retryable
     */
    public HostedDomain requireOwnDomain() throws StepFailure {
        Optional<HostedDomain> found = probe();
        if (found.isEmpty()) {
            throw new StepFailure(
                    FailureCode.DOMAIN_MISSING, false, "no domain with handle " + handle());
        }
        if (!owns(found.get())) {
            throw foreign(found.get());
        }
        return found.get();
    }

    /** The marker this command would write: its domain, epoch and attempt, in {@code state}. */
    public DomainMarker marker(DomainMarker.State state) {
        return new DomainMarker(ref.domainId(), ref.epoch(), ref.attempt(), state);
    }

    public boolean owns(HostedDomain domain) {
        return target.owns(domain, ref);
    }

    StepFailure foreign(HostedDomain domain) {
        return new StepFailure(
                FailureCode.HYPERVISOR_ERROR,
                false,
                "handle "
                        + handle()
                        + " is domain "
                        + domain.domid()
                        + " owned by "
                        + (domain.marker() == null
                                ? "no Slipway creation"
                                : domain.marker().domainId()));
    }
}
