package org.workspaceengine.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.TestEntities.SystemEntity;

class ChangesTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @Test
    void builderStampsWithItsClockUnlessATimestampIsGiven() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

        Changes changes = Changes.builder("ns", clock).set(new SystemEntity("a", "n"))
                .unset(new SystemEntity("b", "n"), T0.minusSeconds(5)).build();

        assertThat(changes).containsExactly(Change.set("ns", new SystemEntity("a", "n"), T0),
                Change.unset("ns", new SystemEntity("b", "n"), T0.minusSeconds(5)));
    }

    @Test
    void buildReturnsAnImmutableSnapshot() {
        ChangesBuilder builder = Changes.builder("ns").set(new SystemEntity("a", "n"), T0);
        Changes first = builder.build();
        builder.set(new SystemEntity("b", "n"), T0);

        assertThat(first).hasSize(1);
        assertThat(builder.build()).hasSize(2);
        assertThatThrownBy(() -> first.asList().add(first.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namespacesAndForNamespaceSplitAMixedBatch() {
        Changes mixed = Changes.builder("a").set(new SystemEntity("1", "n"), T0).build()
                .concat(Changes.builder("b").set(new SystemEntity("2", "n"), T0).build())
                .concat(Changes.builder("a").set(new SystemEntity("3", "n"), T0).build());

        assertThat(mixed.namespaces()).containsExactly("a", "b");
        assertThat(mixed.forNamespace("a")).extracting(Change::entityId).containsExactly("1", "3");
    }

    @Test
    void changesRefuseAnEmptyNamespaceOrABlankId() {
        assertThatThrownBy(() -> Changes.builder("")).isInstanceOf(InvalidNamespaceException.class);
        assertThatThrownBy(() -> Change.set("ns", new SystemEntity(" ", "n"), T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entity id");
    }
}
