/**
 * The simulated Xen host: a real {@link io.slipway.agent.hypervisor.HypervisorDriver} whose state
 * lives in a directory and outlives the agent, as a real hypervisor outlives its toolstack. Every
 * change is written atomically (temp file, fsync, rename) before the operation returns; costs
 * (memory population, PCI resets, ...) are simulated time scaled by a speed factor; every
 * state-changing application of a step's effect is appended to an effect log that survives domain
 * destruction, so tests can prove each step took effect once ({@link
 * io.slipway.agent.hypervisor.sim.SimInspector}). The command-line tools over such a directory are
 * in {@code io.slipway.agent.simtools}.
 */
package io.slipway.agent.hypervisor.sim;
