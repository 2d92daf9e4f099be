package org.workspaceengine.persistence.union;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.tck.TestEntities;

/**
 * What the union's save and load tests share: the entity registry, a listener that records what the union reports,
 * a latch that frees the members a test makes hang, and the union under test, closed after each test.
 */
abstract class UnionTestFixture {

    final EntityTypes types = TestEntities.registry();
    final RecordingListener listener = new RecordingListener();
    final CountDownLatch release = new CountDownLatch(1);
    UnionStore union;

    @AfterEach
    void releaseAndCloseTheUnion() {
        release.countDown();
        if (union != null) {
            union.close();
        }
    }

    /** A member to inject faults with: a mock that answers with {@link #types} and does nothing else yet. */
    Store mockMember() {
        Store store = mock(Store.class);
        when(store.entityTypes()).thenReturn(types);
        return store;
    }
}
