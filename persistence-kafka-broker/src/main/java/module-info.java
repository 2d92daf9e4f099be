/**
 * A real Kafka for tests and examples: {@link org.workspaceengine.persistence.kafka.broker.KafkaCluster} resolves the
 * cluster named by {@code KAFKA_BOOTSTRAP_SERVERS} or starts a single-node KRaft broker in this JVM, and
 * {@link org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess} runs one as a child JVM that a crash test can
 * kill and restart.
 *
 * <p>The Kafka server (kafka_2.13) and Testcontainers are used by reflection: the kafka_2.13 jar has no legal module
 * name, and Testcontainers is optional.
 */
@SuppressWarnings("requires-automatic")
module org.workspaceengine.persistence.kafka.broker {
    requires kafka.clients;
    requires org.slf4j;

    exports org.workspaceengine.persistence.kafka.broker;
}
