/**
 * The Slipway orchestrator: the only writer of events. It accepts guest descriptions, places them,
 * drives each domain's create or destroy plan through the host agents over Kafka, and keeps a read
 * model for the API. Nothing it knows lives only in memory: a restart reloads from PostgreSQL.
 */
package io.slipway.orchestrator;
