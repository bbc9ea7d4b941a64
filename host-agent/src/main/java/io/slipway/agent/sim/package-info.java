/**
 * Command-line tools over a simulated host's state directory, usable while no agent runs: {@link
 * io.slipway.agent.sim.SimListMain} is the simulator's {@code xl list}.
 */
package io.slipway.agent.sim;
