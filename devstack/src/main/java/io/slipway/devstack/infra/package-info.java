/**
 * Embedded infrastructure for development and tests: a PostgreSQL server (zonky binaries) and a
 * real single-node KRaft Kafka broker running in this JVM, both on fixed loopback ports with their
 * data in one directory, so that a restart on the same directory finds every row and message again.
 * Never used in production, where a real PostgreSQL and Kafka cluster take their place.
 */
package io.slipway.devstack.infra;
