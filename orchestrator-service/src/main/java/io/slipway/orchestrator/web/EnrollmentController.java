package io.slipway.orchestrator.web;

import io.slipway.orchestrator.access.HostEnrollments;
import io.slipway.orchestrator.access.UnenrolledHosts;
import io.slipway.orchestrator.audit.Audited;
import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.protocol.HostId;
import io.slipway.protocol.access.HostAccess;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Host enrolment: {@code POST /api/v1/hosts/{id}/enrollment} issues a host's Kafka credentials
 * (once: the answer is their only copy), {@code DELETE} revokes them; {@code GET
 * /api/v1/unenrolled-hosts} lists the host ids that sent something while not enrolled. (That list
 * is not under {@code /hosts/}: every word is a valid host id there.)
 */
@RestController
class EnrollmentController {
    private final HostEnrollments enrollments;
    private final UnenrolledHosts unenrolled;

    public EnrollmentController(HostEnrollments enrollments, UnenrolledHosts unenrolled) {
        this.enrollments = enrollments;
        this.unenrolled = unenrolled;
    }

    /**
     * 201 with the agent's Kafka client properties ({@code text/plain}, for {@code
     * --kafka-config}); 409 when the host is enrolled already (revoke first to issue new ones); 503
     * when the broker refused or did not answer (nothing recorded).
     */
    @PostMapping(value = "/api/v1/hosts/{id}/enrollment", produces = MediaType.TEXT_PLAIN_VALUE)
    @Audited("host.enroll")
    public ResponseEntity<String> enroll(@PathVariable String id) {
        HostId host = RequestParameters.hostId(id);
        String properties;
        try {
            properties = enrollments.enroll(host);
        } catch (HostEnrollments.AlreadyEnrolledException e) {
            throw new ApiException(ProblemType.ALREADY_ENROLLED, e.getMessage());
        } catch (HostAccess.HostAccessException e) {
            throw brokerUnavailable();
        }
        return ResponseEntity.created(URI.create("/api/v1/hosts/" + id + "/enrollment"))
                .contentType(MediaType.TEXT_PLAIN)
                .body(properties);
    }

    /** 204 once the host's ACLs and login are gone; 404 when it is not enrolled. */
    @DeleteMapping("/api/v1/hosts/{id}/enrollment")
    @Audited("host.revoke")
    public ResponseEntity<Void> revoke(@PathVariable String id) {
        boolean revoked;
        try {
            revoked = enrollments.revoke(RequestParameters.hostId(id));
        } catch (HostAccess.HostAccessException e) {
            throw brokerUnavailable();
        }
        if (!revoked) {
            throw ApiException.notFound("an enrolment of host " + id);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/unenrolled-hosts")
    public List<UnenrolledHosts.Sighting> unenrolled() {
        return unenrolled.all();
    }

    private static ApiException brokerUnavailable() {
        return new ApiException(
                ProblemType.BROKER_UNAVAILABLE,
                "the Kafka broker refused or did not answer; nothing was changed, try again");
    }
}
