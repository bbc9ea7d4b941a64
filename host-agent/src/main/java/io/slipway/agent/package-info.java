/**
 * The host agent process: {@link io.slipway.agent.AgentMain} parses flags into an {@link
 * io.slipway.agent.AgentConfig} and starts an {@link io.slipway.agent.Agent}, which opens the
 * hypervisor, reports its inventory, replays unfinished journaled commands and then takes commands
 * from Kafka. Plain Java (no Spring) so that it starts in well under a second. The packages below
 * are modules with declared dependencies ({@code AgentArchitectureTests}): {@code inbox} -> {@code
 * run} -> {@code step} -> {@code hypervisor}, with {@code report} and {@code durable} beside them.
 */
package io.slipway.agent;
