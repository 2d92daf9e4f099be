package org.workspaceengine.persistence.kafka;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.tck.DeclaredOptions;

class KafkaStoreOptionsTest {

    @Test
    void theReadmeShowsTheDeclaredOptions() {
        DeclaredOptions.assertReadmeShows(Path.of("README.md"), KafkaStoreOptions.ALL);
    }

    @Test
    void theUriProviderTakesTheDeclaredOptions() {
        DeclaredOptions.assertProviderDeclares("kafka", KafkaStoreOptions.ALL);
    }

    @Test
    void everyOptionIsABuilderMethodOfTheSameName() {
        DeclaredOptions.assertBuilderTakes(KafkaStoreBuilder.class, KafkaStoreOptions.ALL);
    }
}
