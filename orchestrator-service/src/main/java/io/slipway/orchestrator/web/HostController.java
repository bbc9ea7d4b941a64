package io.slipway.orchestrator.web;

import io.slipway.orchestrator.audit.Audited;
import io.slipway.orchestrator.hosts.HostQueries;
import io.slipway.orchestrator.hosts.HostRegistry;
import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.orchestrator.reap.ReapService;
import io.slipway.orchestrator.reap.ReapView;
import io.slipway.orchestrator.security.CurrentActor;
import io.slipway.protocol.HostId;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/hosts}: the registered hypervisor hosts and what they hold. */
@RestController
@RequestMapping("/api/v1/hosts")
class HostController {
    private static final int MAX_TEXT = 500;
    private final HostQueries hosts;
    private final HostRegistry registry;
    private final ReapService reaps;
    private final CurrentActor actors;

    HostController(
            HostQueries hosts, HostRegistry registry, ReapService reaps, CurrentActor actors) {
        this.hosts = hosts;
        this.registry = registry;
        this.reaps = reaps;
        this.actors = actors;
    }

    /** An operator's optional reason for a reap. */
    public record ReapRequest(String reason) {}

    /**
     * ReapTable a domain the host's last inventory shows and no live creation owns (an orphan, or a
     * stale copy): 202 with the reap, whose progress {@code GET .../reaps/{reapId}} shows. 409 for
     * a copy a live creation owns (destroy that domain instead), 404 for an unknown host or copy.
     * Idempotent while the reap is in flight. The operator is the token's subject: nothing else the
     * caller sends names it.
     */
    @PostMapping("/{id}/inventory/{handle}/reap")
    @Audited("host.reap")
    public ResponseEntity<ReapView> reap(
            @PathVariable String id,
            @PathVariable String handle,
            @RequestBody(required = false) ReapRequest body) {
        String operator = actors.get().subject();
        HostId host = RequestParameters.hostId(id);
        UUID uuid = parseHandle(handle);
        requireText(ProblemType.INVALID_OPERATOR, "the token's subject", operator);
        if (body != null && body.reason() != null) {
            requireText(ProblemType.INVALID_REASON, "reason", body.reason());
        }
        ReapView reap;
        try {
            reap = reaps.reapByOperator(host, uuid, operator, body == null ? null : body.reason());
        } catch (ReapService.ReapRefusedException e) {
            throw new ApiException(
                    e.notFound() ? ProblemType.NOT_FOUND : ProblemType.OWNED_BY_A_LIVE_DOMAIN,
                    e.getMessage());
        }
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/hosts/" + id + "/reaps/" + reap.id()))
                .body(reap);
    }

    /** Every reap on the host, oldest first. */
    @GetMapping("/{id}/reaps")
    public List<ReapView> reaps(@PathVariable String id) {
        HostId host = RequestParameters.hostId(id);
        hosts.find(host).orElseThrow(() -> ApiException.notFound("host " + id));
        return reaps.onHost(host);
    }

    @GetMapping("/{id}/reaps/{reapId}")
    public ReapView reap(@PathVariable String id, @PathVariable String reapId) {
        return reaps.find(parseHandle(reapId))
                .filter(r -> r.hostId().equals(id))
                .orElseThrow(() -> ApiException.notFound("reap " + reapId + " on host " + id));
    }

    /** Stops new placements on the host; what runs there keeps running. Idempotent. */
    @PostMapping("/{id}/drain")
    @Audited("host.drain")
    public HostQueries.HostView drain(@PathVariable String id) {
        return setDraining(id, true);
    }

    /** Lets placements use the host again. Idempotent. */
    @PostMapping("/{id}/undrain")
    @Audited("host.undrain")
    public HostQueries.HostView undrain(@PathVariable String id) {
        return setDraining(id, false);
    }

    private HostQueries.HostView setDraining(String id, boolean draining) {
        HostId host = RequestParameters.hostId(id);
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
        return hosts.find(RequestParameters.hostId(id))
                .orElseThrow(() -> ApiException.notFound("host " + id));
    }

    @GetMapping("/{id}/inventory")
    public List<HostQueries.InventoryItem> inventory(@PathVariable String id) {
        return hosts.inventory(RequestParameters.hostId(id))
                .orElseThrow(() -> ApiException.notFound("host " + id));
    }

    /** Free text that is stored: bounded, and no control characters PostgreSQL would refuse. */
    private static void requireText(ProblemType type, String what, String text) {
        if (text.length() > MAX_TEXT || text.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new ApiException(
                    type,
                    what
                            + " must be at most "
                            + MAX_TEXT
                            + " characters without control characters");
        }
    }

    private static UUID parseHandle(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemType.INVALID_ID, "'" + text + "' is not a UUID");
        }
    }
}
