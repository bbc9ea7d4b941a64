/**
 * The JSON form of device-tree guest descriptions, documented in {@code docs/guest-json.md}: the
 * same tree as the DTS and DTB forms, typed by the guest schema where it knows a property, with an
 * explicit {@code $}-form for everything else so that any DTB converts to JSON and back to the same
 * bytes. The entry point is {@link io.slipway.devicetree.json.GuestJson}.
 */
package io.slipway.devicetree.json;
