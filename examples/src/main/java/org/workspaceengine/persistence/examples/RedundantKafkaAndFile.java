package org.workspaceengine.persistence.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.examples.domain.Deployment;
import org.workspaceengine.persistence.examples.domain.Policy;
import org.workspaceengine.persistence.examples.domain.Release;
import org.workspaceengine.persistence.examples.domain.WorkspaceEntities;
import org.workspaceengine.persistence.file.FileStore;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.kafka.broker.KafkaCluster;
import org.workspaceengine.persistence.union.UnionStore;

/**
 * A redundant deployment: every save goes to Kafka and to a local file store, and a load answers from either
 * (the seed's {@code union.New(kafkaStore, fileStore)}). Uses the cluster that {@code KAFKA_BOOTSTRAP_SERVERS}
 * names, or starts a real single-node broker in this JVM.
 */
public final class RedundantKafkaAndFile {

    private RedundantKafkaAndFile() {
    }

    /** Runs the example with its file store in {@code fileDir}. */
    public static void run(Path fileDir, PrintStream out) {
        EntityTypes types = WorkspaceEntities.registry();
        try (KafkaCluster kafka = KafkaCluster.resolve()) {
            out.println("Kafka: " + kafka.description());

            KafkaStore kafkaStore = KafkaStore.builder()
                    .bootstrapServers(kafka.bootstrapServers())
                    .topic("workspace-changes")
                    .entityTypes(types)
                    .build();
            FileStore fileStore = FileStore.builder(fileDir).entityTypes(types).build();

            // Save to both, load from either. Closing the union closes its members.
            try (UnionStore redundant = UnionStore.builder()
                    .member("kafka", kafkaStore)
                    .member("file", fileStore)
                    .build()) {
                redundant.save(Changes.builder("workspace-4")
                        .set(new Deployment("dep-web", "web", "web", "sys-1", "agent-1"))
                        .set(new Release("rel-7", "dep-web", "v2.0.0", Map.of("canary", "10%")))
                        .set(new Policy("pol-1", "business hours only", 10, true))
                        .build());

                out.println("Union loaded " + redundant.load("workspace-4").size() + " entities");
                out.println("Kafka holds " + kafkaStore.load("workspace-4").size() + " entities");
                out.println("File holds " + fileStore.load("workspace-4").size() + " entities");
            }
        }
    }
}
