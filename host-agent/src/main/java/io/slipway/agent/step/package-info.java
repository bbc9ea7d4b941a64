/**
 * One class per agent step of the create and destroy plans (DESIGN.md §3), each probing the
 * hypervisor, acting only when the effect is not already there, and verifying the result, so that
 * running a step again for the same command converges on the same state with no second effect.
 * Destroy steps succeed when what they remove is already gone, including a domain that never
 * existed.
 */
package io.slipway.agent.step;
