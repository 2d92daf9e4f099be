package org.workspaceengine.persistence.union;

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
}
