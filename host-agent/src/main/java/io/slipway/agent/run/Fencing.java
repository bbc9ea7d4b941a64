package io.slipway.agent.run;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.agent.hypervisor.HypervisorDriver;
import io.slipway.agent.step.StepFailure;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.FailureCode;
import io.slipway.protocol.StepRef;
import java.util.Optional;

/**
 * Admits a command or rejects it as stale (DESIGN.md §2.5). A command whose epoch is below the
 * marker's (or below the highest epoch this host accepted for the domain) is refused before
 * anything changes. An admitted command with another epoch or attempt than the marker's writes its
 * own onto the marker before the step acts. Called on the domain's lane only.
 */
public final class Fencing {
    private final HypervisorDriver driver;
    private final EpochLedger ledger;

    public Fencing(HypervisorDriver driver, EpochLedger ledger) {
        this.driver = driver;
        this.ledger = ledger;
    }

    /**
     * @throws StepFailure {@code STALE_EPOCH}, not retryable, when the command is superseded
     */
    public void admit(StepRef ref, DomainHandle handle) throws StepFailure {
        long known = ledger.highest(ref.domainId());
        if (ref.epoch() < known) {
            throw stale(ref, known);
        }
        Optional<HostedDomain> domain = driver.find(handle);
        DomainMarker marker = domain.map(HostedDomain::marker).orElse(null);
        boolean owned = marker != null && marker.domainId().equals(ref.domainId());
        if (owned && marker.epoch() > ref.epoch()) {
            throw stale(ref, marker.epoch());
        }
        ledger.accept(ref.domainId(), ref.epoch());
        if (owned && (marker.epoch() != ref.epoch() || marker.attempt() != ref.attempt())) {
            driver.setMarker(
                    handle,
                    new DomainMarker(ref.domainId(), ref.epoch(), ref.attempt(), marker.state()));
        }
    }

    private static StepFailure stale(StepRef ref, long current) {
        return new StepFailure(
                FailureCode.STALE_EPOCH,
                false,
                "command epoch " + ref.epoch() + " is older than the current epoch " + current);
    }
}
