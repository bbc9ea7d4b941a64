/**
 * Who may do what on the Kafka broker: the SCRAM logins of the orchestrator and of each host, and
 * the ACLs that make every topic a host writes carry that host's id and only the orchestrator write
 * commands. Kept here, beside the topic names, so that the orchestrator (which grants a host's ACLs
 * when it is enrolled) and the embedded dev broker (which grants the orchestrator's) use the one
 * table.
 */
package io.slipway.protocol.access;
