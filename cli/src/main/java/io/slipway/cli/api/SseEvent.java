package io.slipway.cli.api;

/**
 * One server-sent event.
 *
 * @param id the {@code id:} field (the stored event's version), null when the event had none
 * @param name the {@code event:} field, {@code "message"} when absent
 * @param data the {@code data:} lines joined with newlines
 */
public record SseEvent(String id, String name, String data) {}
