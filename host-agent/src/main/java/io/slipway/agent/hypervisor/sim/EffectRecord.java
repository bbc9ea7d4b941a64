package io.slipway.agent.hypervisor.sim;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.protocol.StepName;
import java.time.Instant;

/**
 * One line of the effect log: a state-changing application of {@code step}'s effect on {@code
 * handle}. {@code subject} names the part affected ({@code ""} for the domain as a whole, an SBDF,
 * a device, an artifact digest).
 *
 * @param key lines with the same key describe the same application (the later one wins): a crash
 *     between logging an effect and persisting it makes the re-run log it again under the same key
 * @param seq the domain's effect sequence number, 0 for host-level effects
 */
record EffectRecord(
        String key, DomainHandle handle, long seq, StepName step, String subject, Instant at) {}
