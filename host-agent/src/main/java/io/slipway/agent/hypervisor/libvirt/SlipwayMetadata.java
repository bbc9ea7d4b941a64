package io.slipway.agent.hypervisor.libvirt;

import io.slipway.agent.hypervisor.PciState;
import io.slipway.agent.hypervisor.TeardownStage;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.GuestSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Slipway's element in a libvirt domain's {@code <metadata>}: the marker and everything Xen would
 * hold for a domain that libvirt has no field for. Written whole by one {@code
 * virDomainSetMetadata} call, so each change is atomic on the libvirt side.
 *
 * @param configured null until CONFIGURE_DOMAIN ran
 * @param images what LOAD_IMAGES verified the running QEMU boots from
 */
record SlipwayMetadata(
        DomainMarker marker,
        boolean hidden,
        Configured configured,
        List<String> images,
        Map<String, String> store,
        boolean storeIntroduced,
        Map<String, PciState> pci,
        TeardownStage teardown,
        boolean shutdownRequested) {

    static final String NAMESPACE = "https://slipway.io/xmlns/libvirt/1";
    static final String PREFIX = "slipway";

    /**
     * What CONFIGURE_DOMAIN set that the domain XML cannot say back exactly.
     *
     * @param boot the boot modules in the description's order, with their kinds
     */
    record Configured(int eventChannels, List<GuestSpec.BootModule> boot) {
        Configured {
            boot = List.copyOf(boot);
        }
    }

    SlipwayMetadata {
        Objects.requireNonNull(marker, "marker");
        images = List.copyOf(images);
        store = Map.copyOf(store);
        pci = Map.copyOf(pci);
        Objects.requireNonNull(teardown, "teardown");
    }

    /** A new shell: hidden, nothing built. */
    static SlipwayMetadata created(DomainMarker marker) {
        return new Builder(marker).build();
    }

    /** A domain Slipway did not make, taken over to be reaped: visible, as it was. */
    static SlipwayMetadata adopted(DomainMarker marker) {
        return new Builder(marker).hidden(false).build();
    }

    /** A builder starting from this metadata. */
    Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A {@link SlipwayMetadata} under construction; starts as {@link #created} makes one. A new
     * field is a record component plus one line in each of the field list, the copy constructor and
     * {@link #build()}.
     */
    static final class Builder {
        private DomainMarker marker;
        private boolean hidden = true;
        private Configured configured;
        private List<String> images = List.of();
        private Map<String, String> store = Map.of();
        private boolean storeIntroduced;
        private final Map<String, PciState> pci = new TreeMap<>();
        private TeardownStage teardown = TeardownStage.NONE;
        private boolean shutdownRequested;

        private Builder(DomainMarker marker) {
            this.marker = marker;
        }

        private Builder(SlipwayMetadata m) {
            this(m.marker);
            hidden = m.hidden;
            configured = m.configured;
            images = m.images;
            store = m.store;
            storeIntroduced = m.storeIntroduced;
            pci.putAll(m.pci);
            teardown = m.teardown;
            shutdownRequested = m.shutdownRequested;
        }

        SlipwayMetadata build() {
            return new SlipwayMetadata(
                    marker,
                    hidden,
                    configured,
                    images,
                    store,
                    storeIntroduced,
                    pci,
                    teardown,
                    shutdownRequested);
        }

        Builder marker(DomainMarker value) {
            marker = value;
            return this;
        }

        Builder hidden(boolean value) {
            hidden = value;
            return this;
        }

        Builder configured(Configured value) {
            configured = value;
            return this;
        }

        Builder images(List<String> value) {
            images = value;
            return this;
        }

        /** The store tree and whether it was introduced: they change together. */
        Builder store(Map<String, String> tree, boolean introduced) {
            store = tree;
            storeIntroduced = introduced;
            return this;
        }

        /** Sets one function's sub-state; {@code null} forgets the function. */
        Builder pci(String sbdf, PciState state) {
            if (state == null) {
                pci.remove(sbdf);
            } else {
                pci.put(sbdf, state);
            }
            return this;
        }

        Builder teardown(TeardownStage value) {
            teardown = value;
            return this;
        }

        Builder shutdownRequested(boolean value) {
            shutdownRequested = value;
            return this;
        }
    }

    /** The element as {@code virDomainSetMetadata} takes it (libvirt adds the namespace). */
    String toXml() {
        StringBuilder x = new StringBuilder("<domain");
        attr(x, "domain-id", marker.domainId().value().toString());
        attr(x, "epoch", Long.toString(marker.epoch()));
        attr(x, "attempt", Integer.toString(marker.attempt()));
        attr(x, "state", marker.state().name());
        attr(x, "hidden", Boolean.toString(hidden));
        attr(x, "teardown", teardown.name());
        attr(x, "shutdown-requested", Boolean.toString(shutdownRequested));
        x.append('>');
        if (configured != null) {
            x.append("<config");
            attr(x, "event-channels", Integer.toString(configured.eventChannels()));
            x.append('>');
            for (GuestSpec.BootModule m : configured.boot()) {
                x.append("<boot");
                attr(x, "kind", m.kind());
                attr(x, "artifact", m.artifact());
                if (m.bootargs() != null) {
                    attr(x, "bootargs", m.bootargs());
                }
                x.append("/>");
            }
            x.append("</config>");
        }
        for (String image : images) {
            x.append("<image");
            attr(x, "digest", image);
            x.append("/>");
        }
        x.append("<store");
        attr(x, "introduced", Boolean.toString(storeIntroduced));
        x.append('>');
        new TreeMap<>(store)
                .forEach(
                        (k, v) -> {
                            x.append("<entry");
                            attr(x, "key", k);
                            attr(x, "value", v);
                            x.append("/>");
                        });
        x.append("</store>");
        new TreeMap<>(pci)
                .forEach(
                        (sbdf, state) -> {
                            x.append("<pci");
                            attr(x, "sbdf", sbdf);
                            attr(x, "state", state.name());
                            x.append("/>");
                        });
        return x.append("</domain>").toString();
    }

    /**
     * Reads the element back.
     *
     * @throws IllegalArgumentException when it is not one this driver wrote
     */
    static SlipwayMetadata parse(Element e) {
        DomainMarker marker =
                new DomainMarker(
                        new DomainId(UUID.fromString(required(e, "domain-id"))),
                        Long.parseLong(required(e, "epoch")),
                        Integer.parseInt(required(e, "attempt")),
                        DomainMarker.State.valueOf(required(e, "state")));
        Configured configured = null;
        List<String> images = new ArrayList<>();
        Map<String, String> store = new LinkedHashMap<>();
        boolean introduced = false;
        Map<String, PciState> pci = new TreeMap<>();
        for (Element child : children(e)) {
            switch (child.getLocalName()) {
                case "config" -> {
                    List<GuestSpec.BootModule> boot = new ArrayList<>();
                    for (Element m : children(child)) {
                        boot.add(
                                new GuestSpec.BootModule(
                                        required(m, "kind"),
                                        required(m, "artifact"),
                                        m.hasAttribute("bootargs")
                                                ? m.getAttribute("bootargs")
                                                : null));
                    }
                    configured =
                            new Configured(
                                    Integer.parseInt(required(child, "event-channels")), boot);
                }
                case "image" -> images.add(required(child, "digest"));
                case "store" -> {
                    introduced = Boolean.parseBoolean(required(child, "introduced"));
                    for (Element entry : children(child)) {
                        store.put(required(entry, "key"), required(entry, "value"));
                    }
                }
                case "pci" ->
                        pci.put(
                                required(child, "sbdf"),
                                PciState.valueOf(required(child, "state")));
                default ->
                        throw new IllegalArgumentException(
                                "unknown element in Slipway metadata: " + child.getLocalName());
            }
        }
        return new SlipwayMetadata(
                marker,
                Boolean.parseBoolean(required(e, "hidden")),
                configured,
                images,
                store,
                introduced,
                pci,
                TeardownStage.valueOf(required(e, "teardown")),
                Boolean.parseBoolean(required(e, "shutdown-requested")));
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                out.add(child);
            }
        }
        return out;
    }

    private static String required(Element e, String name) {
        if (!e.hasAttribute(name)) {
            throw new IllegalArgumentException(
                    "Slipway metadata <" + e.getLocalName() + "> lacks " + name);
        }
        return e.getAttribute(name);
    }

    static void attr(StringBuilder x, String name, String value) {
        x.append(' ').append(name).append("=\"").append(Xml.escape(value)).append('"');
    }
}
