package io.slipway.orchestrator.web;

import io.slipway.orchestrator.hosts.HostQueries;
import io.slipway.orchestrator.hosts.HostRegistry;
import io.slipway.protocol.HostId;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/hosts}: the registered hypervisor hosts and what they hold. */
@RestController
@RequestMapping("/api/v1/hosts")
public class HostController {
    private final HostQueries hosts;
    private final HostRegistry registry;

    public HostController(HostQueries hosts, HostRegistry registry) {
        this.hosts = hosts;
        this.registry = registry;
    }

    /** Stops new placements on the host; what runs there keeps running. Idempotent. */
    @PostMapping("/{id}/drain")
    public HostQueries.HostView drain(@PathVariable String id) {
        return setDraining(id, true);
    }

    /** Lets placements use the host again. Idempotent. */
    @PostMapping("/{id}/undrain")
    public HostQueries.HostView undrain(@PathVariable String id) {
        return setDraining(id, false);
    }

    private HostQueries.HostView setDraining(String id, boolean draining) {
        HostId host = parse(id);
        if (!registry.setDraining(host, draining)) {
            throw ApiException.notFound("host " + id);
        }
        return hosts.find(host).orElseThrow(() -> ApiException.notFound("host " + id));
    }

    @GetMapping
    public List<HostQueries.HostView> list() {
        return hosts.all();
    }

    @GetMapping("/{id}")
    public HostQueries.HostView get(@PathVariable String id) {
        return hosts.find(parse(id)).orElseThrow(() -> ApiException.notFound("host " + id));
    }

    @GetMapping("/{id}/inventory")
    public List<HostQueries.InventoryItem> inventory(@PathVariable String id) {
        return hosts.inventory(parse(id)).orElseThrow(() -> ApiException.notFound("host " + id));
    }

    private static HostId parse(String id) {
        if (!HostId.isValid(id)) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "Invalid host id",
                    "'" + id + "' is not a host id (1-63 of [a-z0-9-])");
        }
        return HostId.of(id);
    }
}
