/**
 * Which hosts count, and what each may do on Kafka. An operator enrols a host ({@link
 * io.slipway.orchestrator.access.HostEnrollments}): its topics, a SCRAM login and its ACLs are
 * created on the broker ({@link io.slipway.orchestrator.access.KafkaAccess}) and it is recorded as
 * enrolled; revoking removes the login and the ACLs. Messages from a host that is not enrolled are
 * counted as "unenrolled host seen" and change nothing.
 */
package io.slipway.orchestrator.access;
