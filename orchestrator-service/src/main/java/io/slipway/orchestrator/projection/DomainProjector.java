package io.slipway.orchestrator.projection;

import io.slipway.orchestrator.creation.DomainEvent.HostAssigned;
import io.slipway.orchestrator.creation.DomainState;
import io.slipway.orchestrator.creation.StepState;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the read model ({@code domain_view}, {@code step_view}, {@code claim}) of one domain from
 * its state, in the transaction that appended the events behind that state. Because the rows are a
 * function of the state alone, replaying the event log rebuilds them identically.
 *
 * <p>The view tables are described by their entities ({@link DomainViewRow}, {@link StepViewRow}),
 * through which the API reads them; they are written here in plain SQL, one statement per table and
 * decision, because this is on every step's path and Hibernate's upsert cost a tenth of the
 * orchestrator's CPU (decision 55). {@link #DOMAIN_COLUMNS} and {@link #STEP_COLUMNS} name the
 * columns written, and a test holds them equal to the entities' mapped columns.
 */
@Component
public class DomainProjector {
    /** The columns of {@code domain_view}, in the order {@link #upsertDomain} binds them. */
    static final List<String> DOMAIN_COLUMNS =
            List.of(
                    "domain_id",
                    "name",
                    "handle",
                    "state",
                    "host_id",
                    "epoch",
                    "current_step",
                    "description_sha256",
                    "failure_reason",
                    "created_at",
                    "updated_at",
                    "version",
                    "tenant");

    /** The columns of {@code step_view}, in the order {@link #upsertSteps} binds them. */
    static final List<String> STEP_COLUMNS =
            List.of(
                    "domain_id",
                    "step",
                    "ordinal",
                    "status",
                    "attempt",
                    "progress",
                    "started_at",
                    "ended_at",
                    "error",
                    "checkpoint");

    private static final String UPSERT_DOMAIN =
            "insert into domain_view ("
                    + String.join(", ", DOMAIN_COLUMNS)
                    + ") values ("
                    + placeholders(DOMAIN_COLUMNS.size())
                    + ") on conflict (domain_id) do update set "
                    + assignments(DOMAIN_COLUMNS);

    private static final String UPSERT_STEPS =
            "insert into step_view ("
                    + String.join(", ", STEP_COLUMNS)
                    + ") select ?::uuid, s, o, st, a, p, sa, ea, e, c::jsonb from unnest("
                    + "?::text[], ?::int[], ?::text[], ?::int[], ?::float8[], ?::timestamptz[],"
                    + " ?::timestamptz[], ?::text[], ?::text[]) as x(s, o, st, a, p, sa, ea, e, c)"
                    + " on conflict (domain_id, step) do update set "
                    + assignments(STEP_COLUMNS);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public DomainProjector(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes every row of the domain: for a rebuild, or a domain's first events. */
    public void project(DomainState s) {
        project(s, null);
    }

    /**
     * Writes the domain row, and the step rows and the claim where they differ from {@code before}
     * (the state before the events just decided; null = write them all). Most decisions touch one
     * or two of ~20 steps and leave the claim as it was, so this keeps a report's transaction
     * small.
     */
    public void project(DomainState s, DomainState before) {
        upsertDomain(s);
        List<StepState> stepsBefore = before == null ? null : before.steps();
        List<StepState> steps = s.steps();
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (stepsBefore == null
                    || i >= stepsBefore.size()
                    || !steps.get(i).equals(stepsBefore.get(i))) {
                changed.add(i);
            }
        }
        if (!changed.isEmpty()) {
            upsertSteps(s, changed);
        }
        HostAssigned claim = s.claim();
        if (before != null && Objects.equals(claim, before.claim())) {
            return;
        }
        if (claim == null) {
            jdbc.sql("delete from claim where domain_id = ?").param(s.id().value()).update();
        } else {
            jdbc.sql(
                            "insert into claim (domain_id, host_id, memory_kib, vcpus, pci)"
                                    + " values (?, ?, ?, ?, ?) on conflict (domain_id) do update"
                                    + " set host_id = excluded.host_id,"
                                    + " memory_kib = excluded.memory_kib,"
                                    + " vcpus = excluded.vcpus, pci = excluded.pci")
                    .params(
                            s.id().value(),
                            claim.hostId().value(),
                            claim.memoryKiB(),
                            claim.vcpus(),
                            claim.pci().toArray(String[]::new))
                    .update();
        }
    }

    /**
     * Binds the row {@link DomainViewRow#DomainViewRow(DomainState)} maps (the same mapping answers
     * a new domain's create request). A live handle taken twice fails here as a {@code
     * DuplicateKeyException} (the API's 409).
     */
    private void upsertDomain(DomainState s) {
        DomainViewRow r = new DomainViewRow(s);
        jdbc.sql(UPSERT_DOMAIN)
                .params(
                        r.domainId(),
                        r.name(),
                        r.handle(),
                        r.state(),
                        r.hostId(),
                        r.epoch(),
                        r.currentStep(),
                        r.descriptionSha256(),
                        r.failureReason(),
                        Timestamp.from(r.createdAt()),
                        Timestamp.from(r.updatedAt()),
                        r.version(),
                        r.tenant())
                .update();
    }

    /** Binds the rows {@link StepViewRow#allOf} maps, of the steps at {@code ordinals}. */
    private void upsertSteps(DomainState s, List<Integer> ordinals) {
        List<StepViewRow> all = StepViewRow.allOf(s);
        int n = ordinals.size();
        String[] names = new String[n];
        Integer[] ordinal = new Integer[n];
        String[] status = new String[n];
        Integer[] attempt = new Integer[n];
        String[] progress = new String[n];
        String[] startedAt = new String[n];
        String[] endedAt = new String[n];
        String[] error = new String[n];
        String[] checkpoint = new String[n];
        for (int k = 0; k < n; k++) {
            StepViewRow row = all.get(ordinals.get(k));
            names[k] = row.step();
            ordinal[k] = row.ordinal();
            status[k] = row.status();
            attempt[k] = row.attempt();
            progress[k] = text(row.progress());
            startedAt[k] = text(row.startedAt());
            endedAt[k] = text(row.endedAt());
            error[k] = row.error();
            checkpoint[k] =
                    row.checkpoint() == null ? null : JSON.writeValueAsString(row.checkpoint());
        }
        jdbc.sql(UPSERT_STEPS)
                .params(
                        s.id().value(),
                        names,
                        ordinal,
                        status,
                        attempt,
                        progress,
                        startedAt,
                        endedAt,
                        error,
                        checkpoint)
                .update();
    }

    /** An array element as PostgreSQL reads it back (ISO instants, decimal numbers); null stays. */
    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** {@code col = excluded.col} for every column but the key's first. */
    private static String assignments(List<String> columns) {
        return columns.stream()
                .skip(1)
                .map(c -> c + " = excluded." + c)
                .collect(Collectors.joining(", "));
    }
}
