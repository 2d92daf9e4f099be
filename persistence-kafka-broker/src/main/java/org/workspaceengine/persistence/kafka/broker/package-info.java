/**
 * A real Kafka for tests and examples.
 *
 * <ul>
 *   <li>{@link org.workspaceengine.persistence.kafka.broker.KafkaCluster}: the cluster to use, resolved from
 *       {@code KAFKA_BOOTSTRAP_SERVERS}, Testcontainers (on request) or a single-node KRaft broker started in this JVM;
 *       {@link org.workspaceengine.persistence.kafka.broker.KafkaCluster#shared()} starts it once per JVM.</li>
 *   <li>{@link org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess}: the same broker as a child JVM on
 *       fixed ports, which can be killed and restarted on its log directory.</li>
 * </ul>
 */
package org.workspaceengine.persistence.kafka.broker;
