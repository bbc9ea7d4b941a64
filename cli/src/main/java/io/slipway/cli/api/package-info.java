/**
 * The HTTP side: {@link io.slipway.cli.api.ApiClient} (bounded in time and bytes), RFC 9457
 * problems ({@link io.slipway.cli.api.Problem}) and server-sent events ({@link
 * io.slipway.cli.api.SseReader}).
 */
package io.slipway.cli.api;
