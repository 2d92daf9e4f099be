package org.workspaceengine.persistence.examples.readme;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.file.FileStore;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.micrometer.StoreMetrics;
import org.workspaceengine.persistence.union.UnionStore;
import org.workspaceengine.persistence.union.WritePolicy;

/** The Micrometer module README's snippet. */
final class MicrometerReadme {

    UnionStore bind(EntityTypes types, KafkaStore kafkaStore) {
        MeterRegistry registry = new SimpleMeterRegistry();        // or your Prometheus, OTLP... registry

        FileStore file = FileStore.builder(Path.of("./data")).entityTypes(types)
                .observer(StoreMetrics.create(registry, "file"))    // saves, loads, compactions, bytes
                .build();
        MemoryStore cache = MemoryStore.create(types, StoreMetrics.create(registry, "cache"));

        StoreMetrics unionMetrics = StoreMetrics.create(registry, "union");
        UnionStore union = UnionStore.builder()
                .member("kafka", kafkaStore)
                .member("file", file)
                .writePolicy(WritePolicy.atLeast(1))
                .listener(unionMetrics)                            // degraded loads, member failures, handoffs
                .observer(unionMetrics)                            // the union's own saves and loads
                .build();
        unionMetrics.bindBacklog(union);                           // one backlog gauge per member
        cache.close();
        return union;
    }
}
