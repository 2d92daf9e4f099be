package org.workspaceengine.persistence.memory;

import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.tck.StoreContract;

class MemoryStoreContractTest extends StoreContract {

    @Override
    protected Store createStore(EntityTypes types) {
        return MemoryStore.create(types);
    }
}
