package io.slipway.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.agent.hypervisor.HostedDomain;
import io.slipway.orchestrator.support.IntegrationTestBase;
import io.slipway.protocol.DomainMarker;
import io.slipway.protocol.StepName;
import io.slipway.testsupport.Examples;
import io.slipway.testsupport.Guests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DomainLifecycleIntegrationTests extends IntegrationTestBase {

    @Test
    void aTinyGuestIsCreatedOnOneHostRunsAndIsDestroyedLeavingNothingBehind() {
        List<String> hosts = List.of(startAgent(), startAgent(), startAgent());
        awaitHostsUp(3);

        var created = api.postDts(Examples.read("tiny-pvh.dts"));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        String id = created.json().path("id").asString();
        assertThat(created.location()).endsWith("/api/v1/domains/" + id);

        JsonNode running = awaitState(id, "RUNNING", Duration.ofSeconds(60));
        List<String> createSteps = new ArrayList<>();
        running.path("steps")
                .forEach(
                        s -> {
                            if (!s.path("status").asString().equals("PENDING")) {
                                createSteps.add(s.path("name").asString());
                                assertThat(s.path("status").asString())
                                        .as(s.toString())
                                        .isEqualTo("SUCCEEDED");
                                // known from the success alone when no start was reported
                                assertThat(s.hasNonNull("startedAt")).as(s.toString()).isTrue();
                            }
                        });
        assertThat(createSteps).hasSize(12).startsWith("VALIDATE_DESCRIPTION").endsWith("UNPAUSE");
        String host = running.path("hostId").asString();
        assertThat(hosts).contains(host);

        JsonNode events = api.get("/api/v1/domains/" + id + "/events").json();
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asString()));
        assertThat(types)
                .startsWith("DomainRequested")
                .endsWith("CreationSucceeded")
                .contains("HostAssigned", "StepDispatched", "StepSucceeded");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("version").asInt()).isEqualTo(i + 1);
        }

        List<HostedDomain> onHost = simDomains(host);
        assertThat(onHost)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.marker().state()).isEqualTo(DomainMarker.State.READY);
                            assertThat(d.paused()).isFalse();
                            assertThat(d.handle().value())
                                    .isEqualTo(
                                            UUID.fromString(
                                                    "3f2a9c10-5b7e-4d21-a0c4-112233445566"));
                        });
        hosts.stream()
                .filter(h -> !h.equals(host))
                .forEach(h -> assertThat(simDomains(h)).isEmpty());
        assertThat(simApplications(host))
                .allSatisfy(a -> assertThat(a.count()).as(a.toString()).isEqualTo(1));

        JsonNode hostView = api.get("/api/v1/hosts/" + host).json();
        assertThat(hostView.path("claimed").path("memoryKiB").asLong()).isEqualTo(524288);

        var deleted = api.delete("/api/v1/domains/" + id);
        assertThat(deleted.status()).isEqualTo(202);
        JsonNode destroyed = awaitState(id, "DESTROYED", Duration.ofSeconds(60));
        assertThat(destroyed.path("epoch").asLong()).isEqualTo(2);
        assertThat(simDomains(host)).isEmpty();
        assertThat(
                        api.get("/api/v1/hosts/" + host)
                                .json()
                                .path("claimed")
                                .path("memoryKiB")
                                .asLong())
                .isZero();
        assertThat(api.delete("/api/v1/domains/" + id).status())
                .as("destroying twice is harmless")
                .isEqualTo(202);
    }

    @Test
    void hostsAreListedUpWithTheirCapacity() {
        startAgent("--pci", "0000:3b:00.0,0000:3b:00.1");
        awaitHostsUp(1);

        JsonNode hosts = api.get("/api/v1/hosts").json();

        assertThat(hosts)
                .singleElement()
                .satisfies(
                        h -> {
                            assertThat(h.path("state").asString()).isEqualTo("UP");
                            assertThat(h.path("capacity").path("memoryKiB").asLong())
                                    .isEqualTo(64L * 1024 * 1024);
                            assertThat(h.path("capacity").path("pci")).hasSize(2);
                            assertThat(h.path("lastHeartbeat").isMissingNode()).isFalse();
                            assertThat(h.path("hypervisor").asString())
                                    .as("what the agent drives, from its heartbeat")
                                    .isEqualTo("sim");
                        });
    }

    @Test
    void aStepFailingForGoodRollsBackAndLeavesNothingOnTheHypervisor() {
        String host =
                startAgent(
                        "--pci",
                        "0000:3b:00.0,0000:3b:00.1",
                        "--memory-gib",
                        "128",
                        "--sim-fail",
                        StepName.ASSIGN_PCI + ":PCI_DEVICE_BUSY");
        awaitHostsUp(1);

        var created = api.postDts(Examples.read("gpu-hvm.dts"));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        String id = created.json().path("id").asString();

        JsonNode failed = awaitState(id, "FAILED", Duration.ofSeconds(120));
        assertThat(failed.path("failureReason").asString())
                .contains("ASSIGN_PCI")
                .contains("PCI_DEVICE_BUSY");
        assertThat(simDomains(host)).isEmpty();
        JsonNode hostView = api.get("/api/v1/hosts/" + host).json();
        assertThat(hostView.path("claimed").path("memoryKiB").asLong()).isZero();
        assertThat(hostView.path("claimed").path("pci")).isEmpty();
    }

    @Test
    void aDrainedHostTakesNoNewDomainsUntilUndrained() {
        String drained = startAgent();
        String other = startAgent("--memory-gib", "2");
        awaitHostsUp(2);

        var drain =
                api.post(
                        "/api/v1/hosts/" + drained + "/drain",
                        null,
                        new byte[0],
                        java.util.Map.of());
        assertThat(drain.status()).isEqualTo(200);
        assertThat(drain.json().path("draining").asBoolean()).isTrue();
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var r = api.postDts(Guests.tinyPvh(UUID.randomUUID(), "drain-" + i));
            if (r.status() == 202) {
                placed.add(r.json().path("hostId").asString());
            } else {
                assertThat(r.status()).as(r.text()).isEqualTo(503);
            }
        }
        assertThat(placed).isNotEmpty().allMatch(other::equals);

        api.post("/api/v1/hosts/" + drained + "/undrain", null, new byte[0], java.util.Map.of());
        var after = api.postDts(Guests.tinyPvh(UUID.randomUUID(), "after-undrain"));
        assertThat(after.json().path("hostId").asString()).isEqualTo(drained);
        assertThat(
                        api.post(
                                        "/api/v1/hosts/no-such-host/drain",
                                        null,
                                        new byte[0],
                                        java.util.Map.of())
                                .status())
                .isEqualTo(404);
    }
}
