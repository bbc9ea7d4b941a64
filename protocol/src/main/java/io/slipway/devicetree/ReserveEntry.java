package io.slipway.devicetree;

/** One entry of the memory reservation block ({@code /memreserve/ address size;}). */
public record ReserveEntry(long address, long size) {}
