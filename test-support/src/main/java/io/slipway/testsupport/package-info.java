/**
 * What the tests of several modules share, so that each exists once: the repository's example guest
 * descriptions ({@link io.slipway.testsupport.Examples}, read from the top-level {@code examples/}
 * directory packaged as classpath resources) and guests made from them or written as records
 * ({@link io.slipway.testsupport.Guests}); the tests' Kafka broker, the orchestrator's part in
 * enrolling a host, Kafka clients and waiting for an agent's report ({@link
 * io.slipway.testsupport.TestKafka}, {@link io.slipway.testsupport.KafkaTail}); and one PostgreSQL
 * per test JVM provisioned as in production ({@link io.slipway.testsupport.SharedPostgres}). It
 * depends on {@code protocol} and {@code embedded-kafka} only: helpers that need the orchestrator
 * or the agent stay in those modules' tests.
 */
package io.slipway.testsupport;
