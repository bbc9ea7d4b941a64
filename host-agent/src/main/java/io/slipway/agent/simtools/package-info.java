/**
 * Command-line tools over a simulated host's state directory: {@link
 * io.slipway.agent.simtools.SimListMain} is the simulator's {@code xl list} (usable while an agent
 * runs, it only reads), {@link io.slipway.agent.simtools.SimForeignMain} an operator's {@code xl
 * create} of a domain Slipway does not own (refused while an agent runs).
 */
package io.slipway.agent.simtools;
