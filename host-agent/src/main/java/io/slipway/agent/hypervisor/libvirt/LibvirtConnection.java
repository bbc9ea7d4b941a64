package io.slipway.agent.hypervisor.libvirt;

import io.slipway.agent.hypervisor.DomainHandle;
import io.slipway.agent.hypervisor.HypervisorException;
import io.slipway.protocol.FailureCode;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's libvirt connection and the reads every operation starts with: find a domain, its XML
 * (running or defined), its state. Errors become {@link HypervisorException}s here. Thread-safe, as
 * libvirt connections are.
 */
final class LibvirtConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LibvirtConnection.class);
    private static final int XML_INACTIVE = 2;

    /**
     * libvirt prints every error to stderr by default, expected ones included ("domain not found"
     * for a domain that vanished while listed); each is already a {@link LibvirtException} the
     * driver handles or reports. Held here: JNA must not collect a registered callback.
     */
    private static final ErrorCallback QUIET = new ErrorCallback();

    private final String uri;
    private volatile Connect connect;

    private LibvirtConnection(String uri, Connect connect) {
        this.uri = uri;
        this.connect = connect;
    }

    static LibvirtConnection open(String uri) throws LibvirtException {
        Connect.setErrorCallback(QUIET);
        return new LibvirtConnection(uri, new Connect(uri));
    }

    /**
     * The connection, opened again when libvirtd went away (a restart of libvirtd leaves its guests
     * running; only the socket is new). {@code virConnectIsAlive} is a local check, no round trip.
     */
    Connect conn() {
        Connect current = connect;
        try {
            if (current.isAlive()) {
                return current;
            }
        } catch (LibvirtException e) {
            log.debug("libvirt liveness check failed: {}", message(e));
        }
        synchronized (this) {
            if (connect != current) {
                return connect;
            }
            try {
                Connect fresh = new Connect(uri);
                log.warn("libvirt connection to {} lost; reconnected", uri);
                connect = fresh;
                try {
                    current.close();
                } catch (LibvirtException e) {
                    log.debug("closing the lost connection: {}", message(e));
                }
                return fresh;
            } catch (LibvirtException e) {
                throw new HypervisorException(
                        FailureCode.HYPERVISOR_ERROR,
                        true,
                        "libvirt at " + uri + " is unreachable: " + message(e));
            }
        }
    }

    /** What runs now (the definition while the domain is stopped). */
    static DomainXml xml(Domain d) {
        try {
            return DomainXml.parse(d.getXMLDesc(0));
        } catch (LibvirtException e) {
            throw failure("read domain XML", e);
        }
    }

    /** The persistent definition: devices as Slipway plugged and unplugged them. */
    static DomainXml definition(Domain d) {
        try {
            return DomainXml.parse(d.getXMLDesc(XML_INACTIVE));
        } catch (LibvirtException e) {
            throw failure("read domain definition", e);
        }
    }

    static DomainInfo info(Domain d) {
        try {
            return d.getInfo();
        } catch (LibvirtException e) {
            throw failure("read domain state", e);
        }
    }

    static boolean active(Domain d) {
        try {
            return d.isActive() == 1;
        } catch (LibvirtException e) {
            throw failure("read domain state", e);
        }
    }

    Optional<Domain> domain(DomainHandle handle) {
        return lookup(() -> conn().domainLookupByUUID(handle.value()));
    }

    Domain require(DomainHandle handle) {
        return domain(handle)
                .orElseThrow(
                        () ->
                                new HypervisorException(
                                        FailureCode.DOMAIN_MISSING,
                                        false,
                                        "no domain with handle " + handle));
    }

    interface Lookup {
        Domain get() throws LibvirtException;
    }

    static Optional<Domain> lookup(Lookup lookup) {
        try {
            return Optional.of(lookup.get());
        } catch (LibvirtException e) {
            if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return Optional.empty(); // gone between listing and lookup, or never there
            }
            throw failure("look up a domain", e);
        }
    }

    @Override
    public void close() {
        try {
            connect.close();
        } catch (LibvirtException e) {
            log.warn("closing libvirt connection: {}", message(e));
        }
    }

    static String message(LibvirtException e) {
        return e.getError() == null ? String.valueOf(e.getMessage()) : e.getError().getMessage();
    }

    static HypervisorException failure(String what, LibvirtException e) {
        return new HypervisorException(
                FailureCode.HYPERVISOR_ERROR, true, what + ": " + message(e));
    }

    static HypervisorException failure(String what) {
        return new HypervisorException(FailureCode.HYPERVISOR_ERROR, true, what);
    }
}
