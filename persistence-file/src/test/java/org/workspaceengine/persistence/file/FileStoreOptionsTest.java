package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.spi.StoreProvider;
import org.workspaceengine.persistence.tck.ReadmeOptions;

class FileStoreOptionsTest {

    @Test
    void theReadmeShowsTheDeclaredOptions() {
        ReadmeOptions.assertReadmeShows(Path.of("README.md"), FileStoreOptions.ALL);
    }

    @Test
    void theUriProviderTakesTheDeclaredOptions() {
        StoreProvider provider = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.scheme().equals("file")).findFirst().orElseThrow();

        assertThat(provider.options()).isSameAs(FileStoreOptions.ALL);
    }

    @Test
    void everyOptionIsABuilderMethodOfTheSameName() {
        for (var option : FileStoreOptions.ALL.list()) {
            assertThat(FileStoreBuilder.class.getMethods()).as(option.name())
                    .anyMatch(method -> method.getName().equals(option.name()) && method.getParameterCount() == 1);
        }
    }
}
