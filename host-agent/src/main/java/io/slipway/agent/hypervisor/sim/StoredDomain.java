package io.slipway.agent.hypervisor.sim;

import io.slipway.agent.hypervisor.HostedDomain;

/**
 * One domain's file: its state and the sequence number of the last effect applied to it, written
 * together so that the effect log can tell applied effects from ones cut short by a crash.
 */
record StoredDomain(HostedDomain state, long effectSeq) {}
