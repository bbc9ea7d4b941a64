package io.slipway.orchestrator.web;

import io.slipway.orchestrator.audit.Audited;
import io.slipway.orchestrator.hosts.HostQueries;
import io.slipway.orchestrator.hosts.HostRegistry;
import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.orchestrator.projection.PointInTime;
import io.slipway.orchestrator.reap.HostLoss;
import io.slipway.orchestrator.reap.ReapService;
import io.slipway.orchestrator.reap.ReapView;
import io.slipway.orchestrator.security.CurrentActor;
import io.slipway.protocol.HostId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
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
    private final PointInTime history;
    private final HostLoss hostLoss;

    HostController(
            HostQueries hosts,
            HostRegistry registry,
            ReapService reaps,
            CurrentActor actors,
            PointInTime history,
            HostLoss hostLoss) {
        this.history = history;
        this.hostLoss = hostLoss;
        this.hosts = hosts;
        this.registry = registry;
        this.reaps = reaps;
        this.actors = actors;
    }

    /** An operator's optional reason for a reap. */
    public record ReapRequest(String reason) {}

    /**
     * A host declared lost: {@code running} says what becomes of the domains running there, {@code
     * recreate} (on other hosts, new epoch, same description) or {@code mark-lost}; {@code reason}
     * is recorded with it.
     */
    public record LostRequest(String running, String reason) {}

    /**
     * Declares a host lost for good: no placement there any more; creations being built there are
     * re-placed, running domains re-created or marked LOST by {@code running}, teardowns ended,
     * claims released and the reaps waiting for it closed (the host monitor carries this out within
     * a check interval). If the host is ever heard again it stays LOST and its copies are reaped.
     * 202 with the host; 404 for an unknown host; repeating it may change the policy.
     */
    @PostMapping("/{id}/lost")
    @Audited("host.lost")
    public ResponseEntity<HostQueries.HostView> lost(
            @PathVariable String id, @RequestBody(required = false) LostRequest body) {
        HostId host = RequestParameters.hostId(id);
        if (body == null || body.running() == null) {
            throw new ApiException(
                    ProblemType.INVALID_LOST_POLICY,
                    "say what becomes of the running domains: {\"running\": \"recreate\"} or"
                            + " {\"running\": \"mark-lost\"}");
        }
        HostRegistry.LostPolicy policy =
                switch (body.running()) {
                    case "recreate" -> HostRegistry.LostPolicy.RECREATE;
                    case "mark-lost" -> HostRegistry.LostPolicy.MARK_LOST;
                    default ->
                            throw new ApiException(
                                    ProblemType.INVALID_LOST_POLICY,
                                    "running must be \"recreate\" or \"mark-lost\"");
                };
        String reason =
                body.reason() == null
                        ? "declared lost by " + actors.get().subject()
                        : body.reason();
        requireText(ProblemType.INVALID_REASON, "reason", reason);
        if (!hostLoss.declare(host, policy, reason)) {
            throw ApiException.notFound("host " + id);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(hosts.find(host).orElseThrow(() -> ApiException.notFound("host " + id)));
    }

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

    /** The hosts' claims at an instant, from the event log (state and liveness are not logged). */
    public record ClaimsAsOf(Instant asOf, List<PointInTime.HostClaims> hosts) {}

    /** The hosts now; with {@code asOf}, what each host's claims were then ({@link ClaimsAsOf}). */
    @GetMapping
    public Object list(@RequestParam(required = false) String asOf) {
        Instant at = RequestParameters.asOf(asOf);
        if (at != null) {
            return new ClaimsAsOf(at, history.claims(at));
        }
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
