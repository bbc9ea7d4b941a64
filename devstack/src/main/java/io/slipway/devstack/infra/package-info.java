/**
 * Embedded infrastructure for development and tests: a PostgreSQL server (zonky binaries) and a
 * real single-node KRaft Kafka broker, both on fixed loopback ports with their data in one
 * directory, so that a restart on the same directory finds every row and message again. They run
 * together in one process ({@link io.slipway.devstack.infra.EmbeddedInfra}, for {@code infra} and
 * {@code dev}) or each in its own ({@link io.slipway.devstack.infra.PostgresNode}, {@link
 * io.slipway.devstack.infra.KafkaNode}), so that tests can kill one without the other. Never used
 * in production, where a real PostgreSQL and Kafka cluster take their place.
 */
package io.slipway.devstack.infra;
