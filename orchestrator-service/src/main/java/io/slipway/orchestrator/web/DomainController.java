package io.slipway.orchestrator.web;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.guest.GuestDescriptions;
import io.slipway.devicetree.guest.ValidGuest;
import io.slipway.orchestrator.audit.Audited;
import io.slipway.orchestrator.creation.DomainEvent;
import io.slipway.orchestrator.creation.DomainStatus;
import io.slipway.orchestrator.domains.DomainService;
import io.slipway.orchestrator.eventstore.EventStore;
import io.slipway.orchestrator.eventstore.StoredEvent;
import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.orchestrator.projection.DomainViewRow;
import io.slipway.orchestrator.projection.DomainViews;
import io.slipway.orchestrator.projection.PointInTime;
import io.slipway.orchestrator.projection.StepViewRow;
import io.slipway.orchestrator.projection.StepViews;
import io.slipway.orchestrator.security.Actor;
import io.slipway.orchestrator.security.CurrentActor;
import io.slipway.orchestrator.templates.Composer;
import io.slipway.protocol.DomainId;
import io.slipway.protocol.HostId;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/domains}: create, inspect and destroy domains. A tenant sees only the domains of
 * its tenant: lists are filtered, any other domain is a 404 ({@link DomainAccess}).
 */
@RestController
@RequestMapping("/api/v1/domains")
class DomainController {
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final DomainService service;
    private final DomainViews domains;
    private final StepViews steps;
    private final EventStore events;
    private final DomainAccess access;
    private final CurrentActor actors;
    private final PointInTime history;

    private final Composer composer;

    DomainController(
            DomainService service,
            DomainViews domains,
            StepViews steps,
            EventStore events,
            DomainAccess access,
            CurrentActor actors,
            PointInTime history,
            Composer composer) {
        this.history = history;
        this.composer = composer;
        this.service = service;
        this.domains = domains;
        this.steps = steps;
        this.events = events;
        this.access = access;
        this.actors = actors;
    }

    /** The page envelope of list results. */
    public record PageView<T>(List<T> items, int page, int size, long total) {}

    /** One stored event as the API shows it. */
    public record EventView(
            int version,
            long globalPosition,
            String type,
            Instant recordedAt,
            DomainEvent payload) {}

    @PostMapping(consumes = MediaType.ALL_VALUE)
    @Audited("domain.create")
    public ResponseEntity<DomainView> create(
            HttpServletRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey)
            throws IOException, DeviceTreeException {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new ApiException(
                    ProblemType.INVALID_IDEMPOTENCY_KEY,
                    "Idempotency-Key must be 1-200 printable ASCII characters without spaces");
        }
        DomainService.Accepted accepted;
        if (RequestBodies.isComposition(request.getContentType())) {
            Composer.Composed composed = composer.compose(RequestBodies.readComposition(request));
            accepted =
                    service.create(
                            composed.guest(),
                            composed.composition(),
                            Optional.ofNullable(idempotencyKey),
                            actors.get());
        } else {
            ValidGuest guest = RequestBodies.readGuest(request);
            accepted = service.create(guest, Optional.ofNullable(idempotencyKey), actors.get());
        }
        // a new domain is answered from the state just committed, not read back
        DomainView view =
                accepted.created()
                        ? DomainView.of(
                                new DomainViewRow(accepted.state()),
                                StepViewRow.allOf(accepted.state()))
                        : view(access.visibleRow(accepted.domainId().toString()));
        URI location = URI.create("/api/v1/domains/" + accepted.domainId());
        return ResponseEntity.status(accepted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(location)
                .body(view);
    }

    @GetMapping
    public PageView<DomainView> list(
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String host,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            @RequestParam(required = false) String asOf) {
        RequestParameters.checkPaging(page, size);
        Instant at = RequestParameters.asOf(asOf);
        String status = state == null ? null : state.toUpperCase(Locale.ROOT);
        if (status != null
                && Arrays.stream(DomainStatus.values()).noneMatch(v -> v.name().equals(status))) {
            throw new ApiException(
                    ProblemType.INVALID_STATE,
                    "state must be one of " + Arrays.toString(DomainStatus.values()));
        }
        if (host != null && !HostId.isValid(host)) {
            throw new ApiException(
                    ProblemType.INVALID_HOST_ID, "host must be a host id (1-63 of [a-z0-9-])");
        }
        if (at != null) {
            PointInTime.Page then =
                    history.domains(
                            at,
                            actors.get().tenantFilter(),
                            d ->
                                    (status == null || d.status().name().equals(status))
                                            && (host == null
                                                    || (d.hostId() != null
                                                            && d.hostId().value().equals(host))),
                            page,
                            size);
            return new PageView<>(
                    then.items().stream().map(DomainView::of).toList(), page, size, then.total());
        }
        Page<DomainViewRow> rows =
                domains.search(
                        status,
                        host,
                        actors.get().tenantFilter(),
                        PageRequest.of(page, size, Sort.by("createdAt", "domainId")));
        Map<UUID, List<StepViewRow>> stepsByDomain =
                steps
                        .findByDomainIdInOrderByOrdinal(rows.map(DomainViewRow::domainId).toList())
                        .stream()
                        .collect(Collectors.groupingBy(StepViewRow::domainId));
        List<DomainView> items =
                rows.stream()
                        .map(
                                r ->
                                        DomainView.of(
                                                r,
                                                stepsByDomain.getOrDefault(
                                                        r.domainId(), List.of())))
                        .toList();
        return new PageView<>(items, page, size, rows.getTotalElements());
    }

    /**
     * The domain now, or with {@code asOf} as it was then, folded from its events recorded by then
     * (404 if it had not been requested yet).
     */
    @GetMapping("/{id}")
    public DomainView get(@PathVariable String id, @RequestParam(required = false) String asOf) {
        Instant at = RequestParameters.asOf(asOf);
        if (at == null) {
            return view(access.visibleRow(id));
        }
        return history.domain(access.visible(id), at)
                .map(DomainView::of)
                .orElseThrow(() -> ApiException.notFound("domain " + id + " as of " + at));
    }

    /**
     * The stream in order; {@code after} returns only events with a higher version, so a client can
     * follow a domain by polling with the last version it saw.
     */
    @GetMapping(value = "/{id}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<EventView> events(
            @PathVariable String id, @RequestParam(defaultValue = "0") int after) {
        if (after < 0) {
            throw new ApiException(ProblemType.INVALID_VERSION, "after must be >= 0");
        }
        List<StoredEvent> stored = events.loadAfter(access.visible(id), after);
        return stored.stream()
                .map(
                        e ->
                                new EventView(
                                        e.version(),
                                        e.globalPosition(),
                                        e.type(),
                                        e.recordedAt(),
                                        e.event()))
                .toList();
    }

    @GetMapping("/{id}/description")
    public ResponseEntity<?> description(
            @PathVariable String id,
            @RequestHeader(name = "Accept", required = false) String accept)
            throws DeviceTreeException {
        DomainEvent first = events.load(access.visible(id)).get(0).event();
        byte[] dtb =
                Base64.getDecoder()
                        .decode(((DomainEvent.DomainRequested) first).descriptionDtbBase64());
        if (accept != null && accept.contains(MediaType.TEXT_PLAIN_VALUE)) {
            return ResponseEntity.ok()
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(GuestDescriptions.toDts(dtb));
        }
        if (accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE)) {
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(GuestDescriptions.toJson(dtb));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(dtb);
    }

    @DeleteMapping("/{id}")
    @Audited("domain.destroy")
    public ResponseEntity<DomainView> destroy(@PathVariable String id) {
        DomainId domainId = access.visible(id);
        Actor actor = actors.get();
        if (service.requestDestroy(
                        domainId, "requested through the API by " + actor.subject(), actor)
                .isEmpty()) {
            throw ApiException.notFound("domain " + id);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(view(access.visibleRow(id)));
    }

    private DomainView view(DomainViewRow row) {
        return DomainView.of(row, steps.findByDomainIdOrderByOrdinal(row.domainId()));
    }

    static DomainId parse(String id) {
        try {
            return DomainId.parse(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(
                    ProblemType.INVALID_DOMAIN_ID, "'" + id + "' is not a domain id (a UUID)");
        }
    }
}
