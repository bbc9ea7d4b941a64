package io.slipway.devicetree.schema;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The guest schema's vocabulary: the type of every property name it interprets, the supported
 * must-understand extensions and the vendor-prefix rule. Property names have one type wherever they
 * appear, so the type can be looked up by name alone (the JSON form relies on that).
 */
public final class GuestSchema {
    /** The root {@code compatible} first entry naming this schema version. */
    public static final String ROOT_COMPATIBLE = "slipway,guest-v1";

    /** The extension that enables {@code slipway,pci} device nodes. */
    public static final String PCI_EXTENSION = "slipway,pci-v1";

    /** Extensions this build understands (the must-understand set). */
    public static final Set<String> SUPPORTED_EXTENSIONS = Set.of(PCI_EXTENSION);

    /** Prefixes the schema owns: names with them are interpreted, never passed through. */
    static final Set<String> OWN_PREFIXES = Set.of("slipway", "xen", "multiboot");

    private static final Map<String, PropertyType> TYPES =
            Map.ofEntries(
                    Map.entry("compatible", PropertyType.STRING_LIST),
                    Map.entry("slipway,required-extensions", PropertyType.STRING_LIST),
                    Map.entry("domain-uuid", PropertyType.UUID),
                    Map.entry("slipway,name", PropertyType.STRING),
                    Map.entry("slipway,arch", PropertyType.STRING),
                    Map.entry("slipway,guest-type", PropertyType.STRING),
                    Map.entry("memory", PropertyType.U64),
                    Map.entry("slipway,max-memory", PropertyType.U64),
                    Map.entry("cpus", PropertyType.U32),
                    Map.entry("capabilities", PropertyType.U32),
                    Map.entry("passthrough", PropertyType.STRING),
                    Map.entry("max_grant_frames", PropertyType.U32),
                    Map.entry("max_maptrack_frames", PropertyType.U32),
                    Map.entry("max_grant_version", PropertyType.U32),
                    Map.entry("xen,enhanced", PropertyType.STRING),
                    Map.entry("vpl011", PropertyType.EMPTY),
                    Map.entry("slipway,cpupool", PropertyType.STRING),
                    Map.entry("id", PropertyType.U32),
                    Map.entry("hard-affinity", PropertyType.STRING),
                    Map.entry("slipway,artifact", PropertyType.STRING),
                    Map.entry("bootargs", PropertyType.STRING),
                    Map.entry("#address-cells", PropertyType.U32),
                    Map.entry("#size-cells", PropertyType.U32),
                    Map.entry("reg", PropertyType.U32),
                    Map.entry("phandle", PropertyType.U32),
                    Map.entry("slipway,sbdf", PropertyType.STRING),
                    Map.entry("slipway,vslot", PropertyType.U32),
                    Map.entry("slipway,permissive", PropertyType.EMPTY),
                    Map.entry("slipway,reset", PropertyType.STRING),
                    Map.entry("slipway,reset-timeout-ms", PropertyType.U32),
                    Map.entry("slipway,vdev", PropertyType.STRING),
                    Map.entry("slipway,volume", PropertyType.STRING),
                    Map.entry("slipway,mode", PropertyType.STRING),
                    Map.entry("slipway,bootable", PropertyType.EMPTY),
                    Map.entry("slipway,network", PropertyType.STRING),
                    Map.entry("local-mac-address", PropertyType.MAC),
                    Map.entry("slipway,mtu", PropertyType.U32));

    private GuestSchema() {}

    /** The type of a property the schema interprets; empty for vendor or unknown names. */
    public static Optional<PropertyType> typeOf(String propertyName) {
        return Optional.ofNullable(TYPES.get(propertyName));
    }

    /**
     * True when {@code name} carries a vendor prefix ({@code acme,thing}) that is not one the
     * schema owns: such properties and nodes are kept and passed through without interpretation.
     */
    public static boolean isVendorPrefixed(String name) {
        int comma = name.indexOf(',');
        return comma > 0 && !OWN_PREFIXES.contains(name.substring(0, comma));
    }
}
