/**
 * The {@code validate}, {@code compile} and {@code decompile} commands of the {@code ./slipway}
 * launcher, over the device-tree toolkit. Entry point {@link
 * io.slipway.devicetree.cli.DeviceTreeCli#main}; its {@code run} method is what tests call.
 */
package io.slipway.devicetree.cli;
