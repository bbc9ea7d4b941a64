/**
 * Who may call what. The API is an OAuth2 resource server: every request but health and readiness
 * carries a JWT bearer token, validated (signature, {@code exp}, {@code nbf}, {@code iss}, {@code
 * aud} when required) against the issuer or key configured the standard Spring Boot way. The
 * token's roles and tenant decide access through one authorization table ({@link ApiSecurity}),
 * where a request no rule names is denied. {@link Actor} is the authenticated caller as the rest of
 * the service sees it.
 */
package io.slipway.orchestrator.security;
