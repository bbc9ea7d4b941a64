package io.slipway.agent.hypervisor.sim;

import io.slipway.agent.hypervisor.HostResources;

/**
 * The host's file: its resources and the next domid to hand out (domids are never reused within a
 * state directory).
 */
record HostFile(HostResources resources, int nextDomid) {}
