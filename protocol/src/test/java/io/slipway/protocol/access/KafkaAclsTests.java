package io.slipway.protocol.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.protocol.HostId;
import io.slipway.protocol.Topics;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class KafkaAclsTests {
    private static final HostId HOST_1 = HostId.of("host-1");

    @Test
    void aHostMayReadOnlyItsCommandsAndWriteOnlyItsOwnTopicsAllNamedLiterally() {
        List<AclBinding> acls = KafkaAcls.host(HOST_1);

        assertThat(acls)
                .allSatisfy(
                        a -> {
                            assertThat(a.pattern().patternType()).isEqualTo(PatternType.LITERAL);
                            assertThat(a.entry().principal()).isEqualTo("User:slipway-host-host-1");
                            assertThat(a.entry().permissionType())
                                    .isEqualTo(AclPermissionType.ALLOW);
                        });
        assertThat(acls.stream().filter(a -> a.entry().operation() == AclOperation.WRITE))
                .extracting(a -> a.pattern().name())
                .containsExactlyInAnyOrder(
                        Topics.reportsFor(HOST_1),
                        Topics.heartbeatsFor(HOST_1),
                        Topics.deadLetterFor(HOST_1));
        assertThat(acls.stream().filter(a -> a.entry().operation() == AclOperation.READ))
                .extracting(a -> a.pattern().resourceType() + ":" + a.pattern().name())
                .containsExactlyInAnyOrder(
                        "TOPIC:" + Topics.commandsFor(HOST_1), "GROUP:slipway-agent-host-1");
        assertThat(acls).hasSize(5);
    }

    @Test
    void onlyTheOrchestratorMayWriteCommandsDomainEventsAndDeadLetters() {
        List<AclBinding> writes =
                KafkaAcls.orchestrator().stream()
                        .filter(a -> a.entry().operation() == AclOperation.WRITE)
                        .toList();

        assertThat(writes)
                .extracting(a -> a.pattern().name() + "/" + a.pattern().patternType())
                .containsExactlyInAnyOrder(
                        Topics.COMMANDS_PREFIX + "/PREFIXED",
                        Topics.DOMAIN_EVENTS + "/LITERAL",
                        Topics.DEAD_LETTER + "/LITERAL");
        assertThat(KafkaAcls.host(HOST_1))
                .noneMatch(
                        a ->
                                a.pattern().name().startsWith(Topics.COMMANDS_PREFIX)
                                        && a.entry().operation() == AclOperation.WRITE);
        assertThat(KafkaAcls.orchestrator())
                .filteredOn(a -> a.pattern().resourceType() == ResourceType.CLUSTER)
                .extracting(a -> a.entry().operation())
                .containsExactlyInAnyOrder(AclOperation.ALTER, AclOperation.DESCRIBE);
    }

    @Test
    void theSenderOfAMessageIsTheHostOfItsTopic() {
        assertThat(Topics.senderOf(Topics.reportsFor(HOST_1))).contains(HOST_1);
        assertThat(Topics.senderOf(Topics.heartbeatsFor(HOST_1))).contains(HOST_1);
        assertThat(Topics.senderOf(Topics.commandsFor(HOST_1))).isEmpty();
        assertThat(Topics.senderOf(Topics.DEAD_LETTER)).isEmpty();
        assertThat(Topics.senderOf("slipway.reports.NOT_A_HOST")).isEmpty();
        assertThat(Topics.reportsFor(HOST_1)).matches(Topics.REPORTS_PATTERN);
        assertThat(Topics.heartbeatsFor(HOST_1)).matches(Topics.HEARTBEATS_PATTERN);
        assertThat(Topics.deadLetterFor(HOST_1))
                .doesNotMatch(Topics.REPORTS_PATTERN)
                .doesNotMatch(Topics.HEARTBEATS_PATTERN);
    }

    @Test
    void aLoginNeverShowsItsPasswordAndRefusesOneThatWouldBreakItsJaasLine() {
        KafkaLogin login = KafkaLogin.generate("slipway-host-host-1");

        assertThat(login.toString()).doesNotContain(login.password());
        assertThat(login.password()).hasSize(32).matches("[A-Za-z0-9]+");
        assertThat(login.clientProperties("b:9092", "SASL_SSL"))
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThatThrownBy(() -> new KafkaLogin("u", "twelve chars\" x=\"y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("twelve");
        assertThatThrownBy(() -> new KafkaLogin("u", "short"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KafkaLogin("a b", "long-enough-password"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
