package org.workspaceengine.persistence.examples.readme;

import java.util.OptionalLong;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.tck.StoreContract;

/** The TCK README's snippet: a third-party store's contract test (compiled here, never run). */
final class TckReadme {

    /** A third-party store, here a memory store under another name. */
    static final class MyStore implements Store {
        static final long MAX_CHANGE_BYTES = 1 << 20;

        private final MemoryStore delegate;

        MyStore(EntityTypes types) {
            delegate = MemoryStore.create(types);
        }

        @Override
        public void save(Changes changes) {
            delegate.save(changes);
        }

        @Override
        public Changes load(String namespace) {
            return delegate.load(namespace);
        }

        @Override
        public EntityTypes entityTypes() {
            return delegate.entityTypes();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    class MyStoreContractTest extends StoreContract {

        @Override
        protected Store createStore(EntityTypes types) {        // a new, empty store; the suite closes it
            return new MyStore(types);
        }

        @Override
        protected Store reopenStore(EntityTypes types) {        // durable stores: the same data, a new instance
            return new MyStore(types);                          // (returning null, the default, skips those tests)
        }

        @Override
        protected OptionalLong sizeLimit(Store store, Change change) {
            return OptionalLong.of(MyStore.MAX_CHANGE_BYTES);    // a store with a size limit: checked to the byte
        }
    }
}
