package io.slipway.orchestrator.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an API handler that changes something: each call that passed authorization leaves one
 * {@code audit} row, whatever its outcome. Every non-GET handler carries it (a test checks).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Audited {
    /** The action's name in the audit, {@code noun.verb} (e.g. {@code host.drain}). */
    String value();
}
