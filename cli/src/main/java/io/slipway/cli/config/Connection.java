package io.slipway.cli.config;

import java.net.URI;
import java.util.Optional;

/**
 * The API to call and the bearer token to call it with.
 *
 * @param api the orchestrator's base URL, e.g. {@code http://localhost:8080}
 * @param token sent as {@code Authorization: Bearer ...}; empty: no header
 * @param tokenSource where the token came from ({@code --token}, {@code SLIPWAY_TOKEN}, a file),
 *     for the message of a refused token
 */
public record Connection(URI api, Optional<String> token, String tokenSource) {
    public static final URI DEFAULT_API = URI.create("http://localhost:8080");
}
