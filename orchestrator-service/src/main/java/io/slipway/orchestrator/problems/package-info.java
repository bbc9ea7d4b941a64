/**
 * The API's problem types: every RFC 9457 {@code type} URI the orchestrator answers with, once, in
 * {@link io.slipway.orchestrator.problems.ProblemType}. A leaf module: the web layer and the
 * security filters both write problems, and neither may depend on the other's internals. Each type
 * has its page in {@code docs/problems/} and is listed in the OpenAPI document; a test fails when
 * either is missing.
 */
package io.slipway.orchestrator.problems;
