package org.workspaceengine.persistence.union;

import java.time.Duration;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.tck.StoreContract;

/** The contract suite on a union of two memory stores sharing one registry, with inline read-repair on. */
class MemoryUnionContractTest extends StoreContract {

    @Override
    protected Store createStore(EntityTypes types) {
        return UnionStore.builder()
                .member("first", MemoryStore.create(types))
                .member("second", MemoryStore.create(types))
                .memberTimeout(Duration.ofMinutes(1))
                .readRepair(ReadRepair.INLINE)
                .build();
    }
}
