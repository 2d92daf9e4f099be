/**
 * The Kafka store: {@link org.workspaceengine.persistence.kafka.KafkaStore} keeps the changes of every namespace on
 * one compacted topic, a namespace in one partition, and
 * {@link org.workspaceengine.persistence.kafka.KafkaStoreProvider} opens it from {@code kafka://} URIs.
 */
package org.workspaceengine.persistence.kafka;
