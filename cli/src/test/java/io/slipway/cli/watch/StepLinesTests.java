package io.slipway.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StepLinesTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");

    private static JsonNode view(String state, String populateStatus, Double progress) {
        return JSON.readTree(
                """
                {"id":"d1","name":"tiny-01","state":"%s","hostId":"host-1","steps":[
                  {"name":"CREATE_SHELL","status":"SUCCEEDED","attempt":1,
                   "startedAt":"2026-01-01T00:00:00Z","endedAt":"2026-01-01T00:00:00.250Z"},
                  {"name":"POPULATE_MEMORY","status":"%s","attempt":1,"progress":%s,
                   "startedAt":"2026-01-01T00:00:01Z"},
                  {"name":"UNPAUSE","status":"PENDING","attempt":1}]}
                """
                        .formatted(state, populateStatus, progress));
    }

    @Test
    void aBarShowsTheFractionClampedAndFloored() {
        assertThat(StepLines.bar(0.0)).isEqualTo("[--------------------]   0%");
        assertThat(StepLines.bar(0.456)).isEqualTo("[#########-----------]  45%");
        assertThat(StepLines.bar(1.0)).isEqualTo("[####################] 100%");
        assertThat(StepLines.bar(7)).isEqualTo(StepLines.bar(1.0));
        assertThat(StepLines.bar(Double.NaN)).isEqualTo(StepLines.bar(0));
    }

    @Test
    void theScreenHasAHeaderAndOneLinePerStepWithABarOnlyWhileTheStepRuns() {
        assertThat(StepLines.screen(view("CREATING", "STARTED", 0.5), NOW))
                .containsExactly(
                        "domain d1 (tiny-01)  CREATING on host-1",
                        "  + CREATE_SHELL         SUCCEEDED    0.25s",
                        "  > POPULATE_MEMORY      STARTED     [##########----------]  50%  9.00s",
                        "  . UNPAUSE              PENDING");
        assertThat(StepLines.screen(view("RUNNING", "SUCCEEDED", 1.0), NOW).get(2))
                .doesNotContain("[")
                .startsWith("  + POPULATE_MEMORY      SUCCEEDED");
    }

    @Test
    void aRetriedOrFailedStepShowsItsAttemptAndError() {
        JsonNode s =
                JSON.readTree(
                        """
                        {"name":"ASSIGN_PCI","status":"FAILED","attempt":3,
                         "error":"PCI_RESET_FAILED: \\u001b[2Jreset timed out"}
                        """);
        assertThat(StepLines.step(s, NOW))
                .isEqualTo(
                        "  ! ASSIGN_PCI           FAILED       attempt 3  PCI_RESET_FAILED:  [2Jreset timed out");
    }

    @Test
    void plainChangesAreTheStateStepStatusesAndTenPercentSteps() {
        assertThat(StepLines.changes(null, view("CREATING", "STARTED", 0.05)))
                .containsExactly(
                        "domain d1 (tiny-01)  CREATING on host-1",
                        "CREATE_SHELL SUCCEEDED",
                        "POPULATE_MEMORY STARTED",
                        "POPULATE_MEMORY 0%");
        assertThat(
                        StepLines.changes(
                                view("CREATING", "STARTED", 0.05),
                                view("CREATING", "STARTED", 0.08)))
                .isEmpty();
        assertThat(
                        StepLines.changes(
                                view("CREATING", "STARTED", 0.08),
                                view("CREATING", "STARTED", 0.31)))
                .containsExactly("POPULATE_MEMORY 30%");
        assertThat(
                        StepLines.changes(
                                view("CREATING", "STARTED", 0.9),
                                view("RUNNING", "SUCCEEDED", 1.0)))
                .containsExactly("state CREATING -> RUNNING", "POPULATE_MEMORY SUCCEEDED");
    }
}
