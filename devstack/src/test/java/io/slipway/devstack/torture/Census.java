package io.slipway.devstack.torture;

import io.slipway.devstack.harness.ApiResponse;
import io.slipway.devstack.harness.SlipwaySystem;
import io.slipway.protocol.HostId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of a run counted from the API and every host's {@code sim-list}, for the result line:
 * how the creations ended, and the three numbers that must be zero.
 *
 * @param lost accepted creations the API does not know, and RUNNING ones on no hypervisor
 * @param duplicated RUNNING domains on more than one hypervisor, and effects applied more than once
 * @param leaked hypervisor domains no RUNNING creation owns
 * @param destroyedUnasked DESTROYED domains nobody asked to destroy
 * @param failureReasons how many FAILED creations gave each reason (first 80 characters)
 */
record Census(
        int accepted,
        int running,
        int failed,
        int destroyed,
        int unsettled,
        int lost,
        int duplicated,
        int leaked,
        int destroyedUnasked,
        Map<String, Integer> failureReasons) {

    static Census take(
            SlipwaySystem system,
            List<HostId> hosts,
            List<String> ids,
            Set<String> destroyRequested) {
        Map<String, String> states = new HashMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        int lost = 0;
        for (String id : ids) {
            ApiResponse r = system.api().get("/api/v1/domains/" + id);
            if (r.status() == 404) {
                lost++;
            } else {
                states.put(id, r.json().path("state").asString());
                if (r.json().path("state").asString().equals("FAILED")) {
                    String reason = r.json().path("failureReason").asString();
                    reasons.merge(
                            reason.length() > 80 ? reason.substring(0, 80) : reason,
                            1,
                            Integer::sum);
                }
            }
        }
        Map<String, Integer> copies = new HashMap<>();
        int duplicated = 0;
        int leaked = 0;
        for (HostId host : hosts) {
            for (JsonNode d : system.simList(host)) {
                String owner = d.path("marker").path("domainId").asString();
                copies.merge(owner, 1, Integer::sum);
                if (!"RUNNING".equals(states.get(owner))) {
                    leaked++;
                }
            }
            for (JsonNode a : system.simApplications(host)) {
                duplicated += a.path("count").asInt() > 1 ? 1 : 0;
            }
        }
        int running = 0;
        int failed = 0;
        int destroyed = 0;
        int unsettled = 0;
        int destroyedUnasked = 0;
        for (Map.Entry<String, String> e : states.entrySet()) {
            String state = e.getValue();
            if (state.equals("RUNNING")) {
                running++;
                int n = copies.getOrDefault(e.getKey(), 0);
                lost += n == 0 ? 1 : 0;
                duplicated += n > 1 ? 1 : 0;
            } else if (state.equals("FAILED")) {
                failed++;
            } else if (state.equals("DESTROYED")) {
                destroyed++;
                destroyedUnasked += destroyRequested.contains(e.getKey()) ? 0 : 1;
            } else {
                unsettled++;
            }
        }
        return new Census(
                ids.size(),
                running,
                failed,
                destroyed,
                unsettled,
                lost,
                duplicated,
                leaked,
                destroyedUnasked,
                reasons);
    }

    /** Whether every count that must be zero is. */
    boolean clean() {
        return unsettled == 0
                && lost == 0
                && duplicated == 0
                && leaked == 0
                && destroyedUnasked == 0;
    }

    @Override
    public String toString() {
        return String.format(
                "domains{accepted=%d running=%d failed=%d destroyed=%d unsettled=%d}"
                        + " lost=%d duplicated=%d leaked=%d destroyed-unasked=%d"
                        + " failure-reasons=%s",
                accepted,
                running,
                failed,
                destroyed,
                unsettled,
                lost,
                duplicated,
                leaked,
                destroyedUnasked,
                failureReasons);
    }
}
