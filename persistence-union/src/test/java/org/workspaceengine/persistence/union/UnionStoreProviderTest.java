package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.Stores;
import org.workspaceengine.persistence.memory.MemoryStore;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

class UnionStoreProviderTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    private final EntityTypes types = TestEntities.registry();

    private static String encode(String memberUri) {
        return URLEncoder.encode(memberUri, StandardCharsets.UTF_8);
    }

    @Test
    void unionUriOpensEveryMemberWithTheSameRegistryAndTheOptions() {
        RecordingStoreProvider.OPENED.clear();
        String uri = "union:?member=" + encode("recording:") + "&member=" + encode("recording:?x=1")
                + "&writePolicy=atLeast:1&memberTimeout=10s&readRepair=inline&degradedLoads=fail";

        try (Store store = Stores.open(uri, types)) {
            assertThat(store).isInstanceOf(UnionStore.class).hasToString(
                    "UnionStore['#0 MemoryStore', '#1 MemoryStore'; writePolicy atLeast:1, memberTimeout 10s,"
                            + " readRepair INLINE]");
            assertThat(RecordingStoreProvider.OPENED).hasSize(2)
                    .allSatisfy(member -> assertThat(member.entityTypes()).isSameAs(types));
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
            assertThat(RecordingStoreProvider.OPENED).allSatisfy(member -> assertThat(member.load("ns")).hasSize(1));
        }
    }

    @Test
    void memberUrisMayBeNestedUnions() {
        String inner = "union:?member=" + encode("memory:") + "&member=" + encode("memory:");
        try (Store store = Stores.open("union:?member=" + encode(inner) + "&member=memory%3A", types)) {
            store.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
            assertThat(store.load("ns")).hasSize(1);
        }
    }

    @Test
    void memberThatFailsToOpenClosesTheMembersOpenedBefore() {
        RecordingStoreProvider.OPENED.clear();
        String uri = "union:?member=recording%3A&member=" + encode("nope:somewhere");

        assertThatThrownBy(() -> Stores.open(uri, types)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no store provider for scheme 'nope'");
        MemoryStore opened = RecordingStoreProvider.OPENED.get(0);
        assertThatThrownBy(() -> opened.load("ns")).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void unionUriWithoutMembersIsRefused() {
        assertThatThrownBy(() -> Stores.open("union:", types)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one member=");
    }

    @Test
    void unknownOptionAndBadValuesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> Stores.open("union:?member=memory%3A&wirte=all", types))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wirte");
        assertThatThrownBy(() -> Stores.open("union:?member=memory%3A&writePolicy=most", types))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option 'writePolicy'");
        assertThatThrownBy(() -> Stores.open("union:?member=memory%3A&readRepair=sometimes", types))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readRepair");
        assertThatThrownBy(() -> Stores.open("union:?member=memory%3A&memberTimeout=soon", types))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memberTimeout");
        assertThatThrownBy(() -> Stores.open("union:?member=memory%3A&member=memory%3A&writePolicy=atLeast:3", types))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("atLeast:3");
    }

    @Test
    void unionUriWithALocationIsRefused() {
        assertThatThrownBy(() -> Stores.open("union:somewhere?member=memory%3A", types))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no location");
    }
}
