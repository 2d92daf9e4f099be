package org.workspaceengine.persistence.file;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.tck.DeclaredOptions;

class FileStoreOptionsTest {

    @Test
    void theReadmeShowsTheDeclaredOptions() {
        DeclaredOptions.assertReadmeShows(Path.of("README.md"), FileStoreOptions.ALL);
    }

    @Test
    void theUriProviderTakesTheDeclaredOptions() {
        DeclaredOptions.assertProviderDeclares("file", FileStoreOptions.ALL);
    }

    @Test
    void everyOptionIsABuilderMethodOfTheSameName() {
        DeclaredOptions.assertBuilderTakes(FileStoreBuilder.class, FileStoreOptions.ALL);
    }
}
