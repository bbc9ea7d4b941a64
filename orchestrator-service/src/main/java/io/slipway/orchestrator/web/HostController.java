package io.slipway.orchestrator.web;

import io.slipway.orchestrator.hosts.HostQueries;
import io.slipway.protocol.HostId;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/hosts}: the registered hypervisor hosts and what they hold. */
@RestController
@RequestMapping("/api/v1/hosts")
public class HostController {
    private final HostQueries hosts;

    public HostController(HostQueries hosts) {
        this.hosts = hosts;
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
