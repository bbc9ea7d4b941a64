package io.slipway.agent.hypervisor;

/**
 * The limits of a domain set once after creation.
 *
 * @param targetPages pages of 4 KiB the domain is populated with (its target memory)
 */
public record DomainConfig(int maxVcpus, long maxMemoryKiB, long targetPages, int eventChannels) {
    /** What a freshly created domain has: nothing configured yet. */
    public static final DomainConfig NONE = new DomainConfig(0, 0, 0, 0);

    public DomainConfig {
        if (maxVcpus < 0 || maxMemoryKiB < 0 || targetPages < 0 || eventChannels < 0) {
            throw new IllegalArgumentException("negative domain limit: " + maxVcpus);
        }
        if (targetPages * 4 > maxMemoryKiB) {
            throw new IllegalArgumentException(
                    "target " + targetPages + " pages exceeds max memory " + maxMemoryKiB + " KiB");
        }
    }
}
