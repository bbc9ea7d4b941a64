#!/bin/sh
# Starts the compose Kafka broker with authentication and ACLs on, as the embedded broker of
# ./slipway dev runs (embedded-kafka SecureKafkaBroker): SASL/SCRAM-SHA-512 on the client
# listener, the controller listener on loopback only, the StandardAuthorizer with
# allow.everyone.if.no.acl.found=false, and no topic created on first use. The SCRAM credentials
# of the broker's own user and of the orchestrator live in the metadata log: they are added when
# the storage is formatted (the first start; later starts keep what the log holds). Passwords come
# from the compose secrets, never from this file or the environment.
set -eu

secret() { tr -d '\n' < "/run/secrets/$1"; }
admin_password="$(secret kafka_admin_password)"
orchestrator_password="$(secret kafka_orchestrator_password)"
# A stable id, so that every start formats (or finds formatted) the same cluster.
cluster_id="${CLUSTER_ID:-c2xpcHdheS1jb21wb3NlMQ}"
config=/tmp/server.properties

umask 077
cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=CLIENT://:9092,CONTROLLER://127.0.0.1:9093
advertised.listeners=CLIENT://kafka:9092
listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=CLIENT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="kafka-admin" password="$admin_password";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
# The controller listener is loopback only, so its anonymous principal is the broker itself.
super.users=User:kafka-admin;User:ANONYMOUS;User:slipway-orchestrator
log.dirs=/var/lib/kafka/data
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPERTIES

# The healthcheck's login (the broker's own user), readable by this container's user only.
cat > /tmp/admin.properties <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="kafka-admin" password="$admin_password";
PROPERTIES

/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "$cluster_id" \
  --config "$config" \
  --add-scram "SCRAM-SHA-512=[name=kafka-admin,password=$admin_password]" \
  --add-scram "SCRAM-SHA-512=[name=slipway-orchestrator,password=$orchestrator_password]"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
