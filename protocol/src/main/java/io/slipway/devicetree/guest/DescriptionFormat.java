package io.slipway.devicetree.guest;

/** The three equivalent forms of a guest description. */
public enum DescriptionFormat {
    /** Device-tree source text, UTF-8 ({@code text/plain} or {@code text/x-dts}). */
    DTS,
    /** A flattened device tree blob, version 17 ({@code application/octet-stream}). */
    DTB,
    /** The JSON form of docs/guest-json.md ({@code application/json}). */
    JSON
}
