package org.workspaceengine.persistence.file;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.tck.StoreContract;

/**
 * The contract suite on a file store with {@link Durability#NONE}, whose saves stay in a buffer: loads, listings and
 * compactions must still see them.
 */
class BufferedFileStoreContractTest extends StoreContract {

    @TempDir
    Path directory;

    @Override
    protected Store createStore(EntityTypes types) {
        return FileStore.builder(directory).entityTypes(types).durability(Durability.NONE).build();
    }

    @Override
    protected Store reopenStore(EntityTypes types) {
        return FileStore.builder(directory).entityTypes(types).durability(Durability.NONE).build();
    }
}
