package io.slipway.devicetree.guest;

import io.slipway.devicetree.DeviceTree;
import io.slipway.protocol.GuestSpec;
import java.util.Objects;

/**
 * A guest description that passed the schema, in every form the system needs. Immutable: the blob
 * is copied in and out. Two instances are equal when their canonical DTBs are (same digest).
 *
 * @param tree the parsed tree (with source positions when it came from DTS)
 * @param canonicalDtb the tree written as dtc would write it: the same description in DTS, DTB or
 *     JSON gives the same bytes
 * @param sha256Hex lowercase hex SHA-256 of {@code canonicalDtb}
 * @param spec what an agent needs to build the guest, derived from the tree
 */
public record ValidGuest(DeviceTree tree, byte[] canonicalDtb, String sha256Hex, GuestSpec spec) {
    public ValidGuest {
        Objects.requireNonNull(tree, "tree");
        canonicalDtb = canonicalDtb.clone();
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        Objects.requireNonNull(spec, "spec");
    }

    @Override
    public byte[] canonicalDtb() {
        return canonicalDtb.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidGuest other && sha256Hex.equals(other.sha256Hex);
    }

    @Override
    public int hashCode() {
        return sha256Hex.hashCode();
    }

    @Override
    public String toString() {
        return "ValidGuest[" + spec.name() + ", sha256=" + sha256Hex + "]";
    }
}
