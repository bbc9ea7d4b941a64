/**
 * A real single-node KRaft Kafka broker in the calling JVM, started in the production shape: every
 * client authenticates with SASL/SCRAM, the StandardAuthorizer refuses what no ACL grants, and only
 * the broker's own principals are super users. Used by {@code ./slipway dev} and by every test that
 * needs Kafka, so that no test passes only because the broker trusts everyone.
 */
package io.slipway.embeddedkafka;
