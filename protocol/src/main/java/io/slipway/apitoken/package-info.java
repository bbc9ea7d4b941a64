/**
 * Bearer tokens for the orchestrator's API: minting signed JWTs with the claims the orchestrator
 * reads (subject, roles, tenant). Used by the dev stack ({@code ./slipway dev}, {@code ./slipway
 * token}) and by tests; a production installation gets its tokens from its identity provider.
 */
package io.slipway.apitoken;
