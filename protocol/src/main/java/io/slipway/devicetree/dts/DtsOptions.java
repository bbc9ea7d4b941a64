package io.slipway.devicetree.dts;

/**
 * The dtc options that change the compiled tree.
 *
 * @param symbols dtc's {@code -@}: add a {@code __symbols__} node naming the path of every labelled
 *     node (and give each of them a phandle), in plugins and base trees alike
 * @param bootCpuId dtc's {@code -b}: the header's {@code boot_cpuid_phys}; {@link #GUESS} for dtc's
 *     default, the {@code reg} of the first child of {@code /cpus} when it is one cell
 */
public record DtsOptions(boolean symbols, long bootCpuId) {
    public static final long GUESS = -1;

    /** dtc without options. */
    public static final DtsOptions DEFAULT = new DtsOptions(false, GUESS);

    /** dtc -@. */
    public static final DtsOptions SYMBOLS = new DtsOptions(true, GUESS);

    public DtsOptions {
        if (bootCpuId != GUESS && (bootCpuId < 0 || bootCpuId > 0xffffffffL)) {
            throw new IllegalArgumentException("bootCpuId must fit 32 bits: " + bootCpuId);
        }
    }
}
