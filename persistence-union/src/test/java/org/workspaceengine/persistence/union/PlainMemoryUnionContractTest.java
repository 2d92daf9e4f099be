package org.workspaceengine.persistence.union;

import org.junit.jupiter.api.BeforeEach;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.tck.StoreContract;

/** The contract suite on the seed's short form: {@code UnionStore.of(a, b)} with default settings. */
class PlainMemoryUnionContractTest extends StoreContract {

    @Override
    protected Store createStore(EntityTypes types) {
        return UnionStore.of(MemoryStore.create(types), MemoryStore.create(types));
    }

    /**
     * Creates the store before the test runs: {@code StoreContract.store()} creates it lazily without locking, so
     * the concurrent test's threads could otherwise each create one.
     */
    @BeforeEach
    void createStoreUpFront() {
        store();
    }
}
