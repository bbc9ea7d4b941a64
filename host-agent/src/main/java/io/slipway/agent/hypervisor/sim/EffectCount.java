package io.slipway.agent.hypervisor.sim;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.protocol.StepName;

/**
 * How many times a step's effect was actually applied to one subject of one domain; {@code 1} is
 * what "exactly one effect per step" means.
 */
public record EffectCount(DomainHandle handle, StepName step, String subject, int count) {}
