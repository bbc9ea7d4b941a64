package io.slipway.devicetree.schema;

/**
 * One property a node kind may carry: its name (whose type comes from {@link GuestSchema}), whether
 * it is required, and the rule its value must follow.
 */
record PropertyRule(String name, boolean required, ValueCheck check) {
    PropertyRule {
        if (GuestSchema.typeOf(name).isEmpty()) {
            throw new IllegalArgumentException("no schema type for " + name);
        }
    }

    static PropertyRule required(String name, ValueCheck check) {
        return new PropertyRule(name, true, check);
    }

    static PropertyRule required(String name) {
        return new PropertyRule(name, true, ValueCheck.NONE);
    }

    static PropertyRule optional(String name, ValueCheck check) {
        return new PropertyRule(name, false, check);
    }

    static PropertyRule optional(String name) {
        return new PropertyRule(name, false, ValueCheck.NONE);
    }

    PropertyType type() {
        return GuestSchema.typeOf(name).orElseThrow();
    }
}
