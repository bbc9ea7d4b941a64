package io.slipway.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ViewsTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aTableHasPaddedColumnsACapitalHeaderAndNoTrailingSpaces() {
        String t = new Table("ID", "STATE").row("host-1", "UP").row("h-22", null).render();
        assertThat(t).isEqualTo("ID      STATE\nhost-1  UP\nh-22    -\n");
    }

    @Test
    void aFailedRecoveryShowsItsCountsConflictsAndError() {
        JsonNode r =
                JSON.readTree(
                        """
                        {"phase":"FAILED","feedMessagesRead":24,"eventsAppended":0,
                         "eventsAlreadyPresent":15,"hostsReconciled":[],"hostsAwaited":["h1"],
                         "adopted":0,"reaped":0,"orphans":0,"held":[],"redriven":0,
                         "conflicts":["partition 0 offset 4: domain d jumps to version 12"],
                         "error":"the restored log and the feed disagree"}
                        """);
        assertThat(Views.recovery(r))
                .isEqualTo(
                        """
                        phase FAILED; feed: 24 messages read, 0 events appended, 15 already in the log
                        hosts: 0 reconciled, 1 awaited; 0 adopted, 0 reaped, 0 orphans, 0 held; 0 re-driven
                        conflict: partition 0 offset 4: domain d jumps to version 12
                        error:      the restored log and the feed disagree
                        """);
    }

    @Test
    void domainsShowStateHostStepAndAge() {
        JsonNode items =
                JSON.readTree(
                        """
                        [{"id":"d1","name":"tiny-01","state":"CREATING","hostId":"host-2",
                          "currentStep":"POPULATE_MEMORY","createdAt":"2026-01-01T00:00:00Z"},
                         {"id":"d2","name":"gpu","state":"RUNNING","hostId":null,
                          "currentStep":null,"createdAt":"2025-12-29T00:00:00Z"}]
                        """);
        assertThat(Views.domains(items, Instant.parse("2026-01-01T00:01:30Z")))
                .isEqualTo(
                        """
                        ID  NAME     STATE     HOST    STEP             AGE
                        d1  tiny-01  CREATING  host-2  POPULATE_MEMORY  90s
                        d2  gpu      RUNNING   -       -                3d
                        """);
    }

    @Test
    void hostsShowClaimedOverCapacity() {
        JsonNode hosts =
                JSON.readTree(
                        """
                        [{"id":"host-1","state":"UP","draining":true,
                          "capacity":{"memoryKiB":134217728,"cpus":32,"pci":["a","b"]},
                          "claimed":{"memoryKiB":524288,"cpus":1,"pci":[]},
                          "lastHeartbeat":"2026-01-01T00:00:00Z"}]
                        """);
        assertThat(Views.hosts(hosts))
                .contains(
                        "host-1  UP     yes       0.5G/128G          1/32  0/2  2026-01-01T00:00:00Z");
    }

    @Test
    void eventsShowTheirDetailFields() {
        JsonNode events =
                JSON.readTree(
                        """
                        [{"version":7,"recordedAt":"2026-01-01T00:00:00Z","type":"StepProgressed",
                          "payload":{"step":"POPULATE_MEMORY","attempt":1,"fraction":0.5}}]
                        """);
        assertThat(Views.events(events))
                .contains(
                        "7        2026-01-01T00:00:00Z  StepProgressed  step=POPULATE_MEMORY attempt=1 50%");
    }

    @Test
    void secondsAndAgesAreShort() {
        assertThat(Views.seconds(java.time.Duration.ofMillis(250))).isEqualTo("0.25s");
        assertThat(Views.seconds(java.time.Duration.ofMillis(12_345))).isEqualTo("12.3s");
        assertThat(Views.seconds(java.time.Duration.ofSeconds(250))).isEqualTo("250s");
        assertThat(Views.age(null, Instant.EPOCH)).isEqualTo("-");
    }

    @Test
    void yamlIsPlainWithoutQuotesWhereNoneAreNeeded() {
        assertThat(
                        Format.yaml.render(
                                JSON.readTree("{\"state\":\"RUNNING\",\"count\":1,\"s\":\"yes\"}"),
                                n -> ""))
                .isEqualTo("state: RUNNING\ncount: 1\ns: \"yes\"\n");
        assertThat(Format.json.render(JSON.readTree("{\"a\":1}"), n -> ""))
                .isEqualTo("{\n  \"a\" : 1\n}\n");
    }
}
