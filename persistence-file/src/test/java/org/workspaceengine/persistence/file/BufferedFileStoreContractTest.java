package org.workspaceengine.persistence.file;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
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

    /** A line, newline included, holds at most {@link FileStore#MAX_LINE_BYTES}. */
    @Override
    protected OptionalLong sizeLimit(Store store, Change change) {
        return OptionalLong.of(FileStore.MAX_LINE_BYTES - 1);
    }
}
