/**
 * JMH benchmarks of the device-tree toolkit, built only by the {@code benchmarks} Maven profile of
 * the protocol module (never by the default build, never run as tests).
 */
package io.slipway.devicetree.bench;
