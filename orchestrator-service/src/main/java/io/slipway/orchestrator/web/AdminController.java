package io.slipway.orchestrator.web;

import io.slipway.orchestrator.audit.Audited;
import io.slipway.orchestrator.outbox.ParkedMessages;
import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.orchestrator.recovery.CatchUpRecovery;
import io.slipway.orchestrator.recovery.LogExport;
import io.slipway.orchestrator.recovery.LogImport;
import io.slipway.orchestrator.recovery.ProjectionRebuilder;
import io.slipway.orchestrator.recovery.RecoveryStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code /api/v1/admin}: operator actions. {@code projections/rebuild} replays the event log into
 * the read model and reports whether it came out identical (by hash); {@code dryRun=true} only
 * checks (without blocking writes), {@code redrive=true} re-drives unfinished domains after a
 * restore from the log; one rebuild at a time across replicas, 409 meanwhile. {@code outbox} shows
 * what waits to be published and {@code outbox/parked} the messages Kafka refused for good; {@code
 * dead-letters} the messages consumers could not use (read from the dead-letter topics).
 */
@RestController
@RequestMapping("/api/v1/admin")
class AdminController {
    static final String IMPORT_MEDIA_TYPE = "application/x-ndjson";

    private final ProjectionRebuilder rebuilder;
    private final ParkedMessages outbox;
    private final LogExport export;
    private final LogImport importer;
    private final DeadLetterReader deadLetters;
    private final CatchUpRecovery recovery;

    public AdminController(
            ProjectionRebuilder rebuilder,
            ParkedMessages outbox,
            LogExport export,
            LogImport importer,
            DeadLetterReader deadLetters,
            CatchUpRecovery recovery) {
        this.recovery = recovery;
        this.rebuilder = rebuilder;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.export = export;
        this.importer = importer;
    }

    /**
     * The event log and what a restore needs besides, as NDJSON from one consistent snapshot, with
     * a checksum and the read model's hash on its last line (format: {@code LogFormat}).
     */
    @GetMapping(value = "/export", produces = IMPORT_MEDIA_TYPE)
    @Audited("log.export")
    public ResponseEntity<StreamingResponseBody> exportLog() {
        String name = "slipway-export-" + Instant.now().toString().replace(':', '-') + ".ndjson";
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(IMPORT_MEDIA_TYPE))
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .body(export::writeTo);
    }

    /**
     * Loads an export into this installation's empty database, rebuilds the read model, checks it
     * against the exported hash and re-drives what was unfinished; all or nothing. 409 when the
     * database is not empty or a rebuild runs, 400 naming the line for a damaged file.
     */
    @PostMapping(value = "/import", consumes = IMPORT_MEDIA_TYPE)
    @Audited("log.import")
    public LogImport.Result importLog(HttpServletRequest request) throws IOException {
        try {
            return importer.load(request.getInputStream());
        } catch (LogImport.Refused e) {
            throw new ApiException(
                    e.conflict() ? ProblemType.IMPORT_NOT_POSSIBLE : ProblemType.INVALID_EXPORT,
                    e.getMessage());
        }
    }

    /**
     * The catch-up recovery's progress ({@code slipway.recovery.catch-up-from-feed}): its phase
     * ({@code NOT_STARTED} when none was asked for; {@code DONE} or {@code FAILED} at the end) and
     * counts. Readable throughout: the web server serves while the recovery holds everything else.
     */
    @GetMapping("/recovery")
    public RecoveryStatus recovery() {
        return recovery.status();
    }

    @PostMapping("/projections/rebuild")
    @Audited("projections.rebuild")
    public ProjectionRebuilder.Result rebuild(
            @RequestParam(defaultValue = "true") boolean dryRun,
            @RequestParam(defaultValue = "false") boolean redrive) {
        try {
            return rebuilder.rebuild(!dryRun, redrive);
        } catch (ProjectionRebuilder.RebuildInProgressException e) {
            throw new ApiException(ProblemType.REBUILD_IN_PROGRESS, e.getMessage());
        }
    }

    /** Pending and parked counts, and how old the oldest pending message is. */
    @GetMapping("/outbox")
    public ParkedMessages.Summary outbox() {
        return outbox.summary();
    }

    /** Parked messages with their reasons, oldest first. */
    @GetMapping("/outbox/parked")
    public DomainController.PageView<ParkedMessages.Parked> parked(
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        RequestParameters.checkPaging(page, size);
        List<ParkedMessages.Parked> items = outbox.parked(page, size);
        return new DomainController.PageView<>(items, page, size, outbox.summary().parked());
    }

    /**
     * Dead letters of every dead-letter topic, newest first: only the newest {@value
     * DeadLetterReader#WINDOW} of each topic can be paged; {@code total} counts them all.
     */
    @GetMapping("/dead-letters")
    public DomainController.PageView<DeadLetterReader.DeadLetter> deadLetters(
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        RequestParameters.checkPaging(page, size);
        DeadLetterReader.Page letters = deadLetters.read(page, size);
        return new DomainController.PageView<>(letters.items(), page, size, letters.total());
    }
}
