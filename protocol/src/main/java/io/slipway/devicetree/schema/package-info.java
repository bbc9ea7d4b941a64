/**
 * Validation of guest descriptions against the guest schema v1: typed property checks with exact
 * lengths, required properties, allowed values, cross-field rules, must-understand extensions and
 * vendor pass-through. The entry point is {@link
 * io.slipway.devicetree.schema.GuestSchemaValidator}; {@link
 * io.slipway.devicetree.schema.GuestSchema} exposes the property vocabulary to the other forms
 * (JSON) that need to know a property's type by name.
 */
package io.slipway.devicetree.schema;
