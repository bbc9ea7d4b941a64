package io.slipway.protocol.access;

import io.slipway.protocol.HostId;
import io.slipway.protocol.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The broker ACL table (the broker runs with {@code allow.everyone.if.no.acl.found=false}, so what
 * is not granted here is refused). A host's grants name its topics LITERALLY: a prefix grant on
 * {@code slipway.reports.host-1} would also cover {@code slipway.reports.host-10}.
 */
public final class KafkaAcls {
    /** Every consumer group of the orchestrator starts with this. */
    public static final String ORCHESTRATOR_GROUP_PREFIX = "slipway-orchestrator";

    private KafkaAcls() {}

    /** The consumer group holding {@code host}'s command offsets. */
    public static String hostGroup(HostId host) {
        return "slipway-agent-" + host.value();
    }

    /**
     * What {@code host}'s agent may do: read its command topic (and commit in its group), write its
     * report, heartbeat and dead-letter topics. Nothing else.
     */
    public static List<AclBinding> host(HostId host) {
        String user = "User:" + KafkaLogin.hostUser(host);
        List<AclBinding> acls = new ArrayList<>();
        acls.add(
                allow(
                        ResourceType.TOPIC,
                        Topics.commandsFor(host),
                        literal(),
                        user,
                        AclOperation.READ));
        acls.add(allow(ResourceType.GROUP, hostGroup(host), literal(), user, AclOperation.READ));
        for (String topic :
                List.of(
                        Topics.reportsFor(host),
                        Topics.heartbeatsFor(host),
                        Topics.deadLetterFor(host))) {
            acls.add(allow(ResourceType.TOPIC, topic, literal(), user, AclOperation.WRITE));
        }
        return acls;
    }

    /** The user name of a simulated fleet whose hosts' ids start with {@code hostPrefix}. */
    public static String fleetUser(String hostPrefix) {
        return "slipway-fleet-" + hostPrefix;
    }

    /**
     * What a simulated fleet process may do: what {@link #host} allows, for every host whose id
     * starts with {@code hostPrefix} (prefixed ACLs), with its offsets in groups under that prefix.
     * For benchmarks and tests only: one login speaks for many hosts, which a real host's agent
     * must never be able to do.
     */
    public static List<AclBinding> fleet(String hostPrefix) {
        String user = "User:" + fleetUser(hostPrefix);
        PatternType prefixed = PatternType.PREFIXED;
        List<AclBinding> acls = new ArrayList<>();
        acls.add(
                allow(
                        ResourceType.TOPIC,
                        Topics.COMMANDS_PREFIX + hostPrefix,
                        prefixed,
                        user,
                        AclOperation.READ));
        acls.add(
                allow(
                        ResourceType.GROUP,
                        "slipway-agent-" + hostPrefix,
                        prefixed,
                        user,
                        AclOperation.READ));
        for (String topicPrefix :
                List.of(
                        Topics.REPORTS_PREFIX,
                        Topics.HEARTBEATS_PREFIX,
                        Topics.HOST_DEAD_LETTER_PREFIX)) {
            acls.add(
                    allow(
                            ResourceType.TOPIC,
                            topicPrefix + hostPrefix,
                            prefixed,
                            user,
                            AclOperation.WRITE));
        }
        return acls;
    }

    /** A filter matching every ACL of {@code host}'s user, whatever the resource. */
    public static AclBindingFilter hostFilter(HostId host) {
        return new AclBindingFilter(
                ResourcePatternFilter.ANY,
                new AccessControlEntryFilter(
                        "User:" + KafkaLogin.hostUser(host),
                        null,
                        AclOperation.ANY,
                        AclPermissionType.ANY));
    }

    /**
     * What the orchestrator may do: enrol hosts (create their topics, SCRAM credentials and ACLs:
     * ALTER and DESCRIBE on the cluster), write commands, domain events and dead letters, read
     * every host's reports and heartbeats, in its own consumer groups, read the dead letters (its
     * own and every host's, without a group: {@code GET /api/v1/admin/dead-letters}), and read the
     * domain-events feed back when a restored log catches up from it.
     */
    public static List<AclBinding> orchestrator() {
        String user = "User:" + KafkaLogin.ORCHESTRATOR;
        PatternType prefixed = PatternType.PREFIXED;
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow(ResourceType.CLUSTER, "kafka-cluster", literal(), user, AclOperation.ALTER));
        acls.add(
                allow(
                        ResourceType.CLUSTER,
                        "kafka-cluster",
                        literal(),
                        user,
                        AclOperation.DESCRIBE));
        acls.add(allow(ResourceType.TOPIC, "slipway.", prefixed, user, AclOperation.CREATE));
        acls.add(
                allow(
                        ResourceType.TOPIC,
                        Topics.COMMANDS_PREFIX,
                        prefixed,
                        user,
                        AclOperation.WRITE));
        acls.add(
                allow(
                        ResourceType.TOPIC,
                        Topics.DOMAIN_EVENTS,
                        literal(),
                        user,
                        AclOperation.WRITE));
        acls.add(
                allow(ResourceType.TOPIC, Topics.DEAD_LETTER, literal(), user, AclOperation.WRITE));
        acls.add(
                allow(
                        ResourceType.TOPIC,
                        Topics.REPORTS_PREFIX,
                        prefixed,
                        user,
                        AclOperation.READ));
        acls.add(
                allow(
                        ResourceType.TOPIC,
                        Topics.HEARTBEATS_PREFIX,
                        prefixed,
                        user,
                        AclOperation.READ));
        acls.add(allow(ResourceType.TOPIC, Topics.DEAD_LETTER, literal(), user, AclOperation.READ));
        // catching a restored log up reads the feed back (without a group); prefixed, so a mirror
        // under a derived name can be read too
        acls.add(
                allow(ResourceType.TOPIC, Topics.DOMAIN_EVENTS, prefixed, user, AclOperation.READ));
        acls.add(
                allow(
                        ResourceType.TOPIC,
                        Topics.HOST_DEAD_LETTER_PREFIX,
                        prefixed,
                        user,
                        AclOperation.READ));
        acls.add(
                allow(
                        ResourceType.GROUP,
                        ORCHESTRATOR_GROUP_PREFIX,
                        prefixed,
                        user,
                        AclOperation.READ));
        return acls;
    }

    private static PatternType literal() {
        return PatternType.LITERAL;
    }

    private static AclBinding allow(
            ResourceType type,
            String name,
            PatternType pattern,
            String principal,
            AclOperation op) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }
}
