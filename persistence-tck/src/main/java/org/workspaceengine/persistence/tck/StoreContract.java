package org.workspaceengine.persistence.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.ChangesBuilder;
import org.workspaceengine.persistence.Compactable;
import org.workspaceengine.persistence.EntityCounting;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.EntityKey;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.InvalidNamespaceException;
import org.workspaceengine.persistence.NamespaceDeletion;
import org.workspaceengine.persistence.NamespaceListing;
import org.workspaceengine.persistence.RawEntity;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.StoreClosedException;
import org.workspaceengine.persistence.UnknownEntityTypeException;
import org.workspaceengine.persistence.wire.WireFormat;
import org.workspaceengine.persistence.spi.PreparedSaves;
import org.workspaceengine.persistence.tck.TestEntities.Gadget;
import org.workspaceengine.persistence.tck.TestEntities.Unregistered;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * The contract every {@link Store} keeps, as a JUnit 5 suite. Extend it and supply a fresh store:
 *
 * <pre>{@code
 * class MyStoreContractTest extends StoreContract {
 *     @Override
 *     protected Store createStore(EntityTypes types) {
 *         return new MyStore(types);
 *     }
 * }
 * }</pre>
 *
 * <p>Durable stores also override {@link #reopenStore(EntityTypes)}, which enables the tests that close a store
 * and read its data back through a new instance. Stores that implement {@link Compactable},
 * {@link NamespaceListing}, {@link NamespaceDeletion} and {@link EntityCounting} are checked for those too.
 *
 * <p>The randomized model test runs {@value #DEFAULT_TRIALS} seeds by default; set the system property
 * {@code persistence.tck.trials} for more. The round-trip test saves {@value #DEFAULT_ROUND_TRIPS} random and hostile
 * changes, each either kept exactly or refused with nothing written; set {@code persistence.tck.roundTrips} for more
 * and {@code persistence.tck.seed} for another seed. A failure names its seed. A store with a size limit overrides
 * {@link #sizeLimit}, so the suite checks the limit to the byte.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
public abstract class StoreContract {

    /** Seeds the randomized model test runs unless {@code persistence.tck.trials} says otherwise. */
    public static final int DEFAULT_TRIALS = 25;

    /** Changes the round-trip test saves unless {@code persistence.tck.roundTrips} says otherwise. */
    public static final int DEFAULT_ROUND_TRIPS = 2_000;

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    private final List<Store> opened = Collections.synchronizedList(new ArrayList<>());
    private Store store;

    /** For subclasses. */
    protected StoreContract() {
    }

    /** A new, empty store using {@code types}. The suite closes it. */
    protected abstract Store createStore(EntityTypes types);

    /**
     * A new store instance over the same data as the store last created, which the suite has closed; or null if
     * the store is not durable (the default), which skips the tests that need it.
     */
    protected Store reopenStore(EntityTypes types) {
        return null;
    }

    /** The store under test, created on first use with {@link TestEntities#registry()}; thread-safe. */
    protected final synchronized Store store() {
        if (store == null) {
            store = track(createStore(TestEntities.registry()));
        }
        return store;
    }

    /** The store under test, created now with {@code types}: for the tests that need another registry. */
    private synchronized Store storeWith(EntityTypes types) {
        if (store != null) {
            throw new IllegalStateException("the store under test was created already");
        }
        store = track(createStore(types));
        return store;
    }

    /**
     * The size limit of the store under test for {@code change}: the largest length of the change's
     * {@linkplain WireFormat#encode encoding} that it saves (the same change with a larger entity is refused); empty
     * when it has no limit, the default. A store with a limit overrides this, and the suite checks that a change at
     * the limit is saved and loaded exactly and one a byte larger is refused with nothing written.
     */
    protected OptionalLong sizeLimit(Store store, Change change) {
        return OptionalLong.empty();
    }

    /**
     * The size limit of {@code store} for {@code change} as its {@link PreparedSaves#prepareSave} finds it, trying
     * entities of up to {@code upTo} bytes: for {@link #sizeLimit} of a store made of others (a union).
     */
    protected static OptionalLong probeSizeLimit(Store store, Change change, int upTo) {
        PreparedSaves preparing = (PreparedSaves) store;
        WireFormat wire = WireFormat.create(store.entityTypes());
        int base = wire.encode(sized(change, 0)).length;
        int low = 0; // a payload that is saved
        int high = upTo - base + 1; // a payload that is refused, if any is
        if (accepts(preparing, sized(change, high))) {
            return OptionalLong.empty();
        }
        while (high - low > 1) {
            int middle = (int) (((long) low + high) >>> 1);
            if (accepts(preparing, sized(change, middle))) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return OptionalLong.of(base + (long) low);
    }

    private static boolean accepts(PreparedSaves store, Change change) {
        try {
            store.prepareSave(Changes.of(change));
            return true;
        } catch (RejectedChangeException e) {
            return false;
        }
    }

    /** {@code change} with a {@link Widget} whose payload is {@code length} ASCII characters. */
    private static Change sized(Change change, int length) {
        Widget widget = (Widget) change.entity();
        return new Change(change.namespace(), change.changeType(), new Widget(widget.id(), widget.name(),
                widget.version(), widget.labels(), "x".repeat(length)), change.timestamp());
    }

    @AfterEach
    final void closeStores() {
        synchronized (opened) {
            for (Store each : opened) {
                each.close();
            }
            opened.clear();
        }
    }

    // ---- save and load -------------------------------------------------------------------------------------

    @Test
    void loadReturnsWhatWasSaved() {
        Widget widget = Widget.of("w1", 1);
        Gadget gadget = new Gadget("g1", 42);

        store().save(Changes.builder("ns").set(widget, T0).set(gadget, T0.plusSeconds(1)).build());

        assertThat(store().load("ns")).containsExactly(
                Change.set("ns", widget, T0), Change.set("ns", gadget, T0.plusSeconds(1)));
    }

    @Test
    void loadOfUnknownNamespaceIsEmpty() {
        assertThat(store().load("never-saved")).isEmpty();
    }

    @Test
    void emptySaveChangesNothing() {
        store().save(Changes.empty());

        assertThat(store().load("ns")).isEmpty();
    }

    @Test
    void loadReturnsLatestChangePerEntity() {
        store().save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
        store().save(Changes.builder("ns").set(Widget.of("w1", 2), T0.plusSeconds(1)).build());
        store().save(Changes.builder("ns").set(Widget.of("w1", 3), T0.plusSeconds(2)).build());

        assertThat(store().load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 3), T0.plusSeconds(2)));
    }

    @Test
    void olderChangeSavedLaterDoesNotWin() {
        store().save(Changes.builder("ns").set(Widget.of("w1", 2), T0.plusSeconds(5)).build());
        store().save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());

        assertThat(store().load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 2), T0.plusSeconds(5)));
    }

    @Test
    void onEqualTimestampsTheLaterSaveWins() {
        store().save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
        store().save(Changes.builder("ns").set(Widget.of("w1", 2), T0).build());

        assertThat(store().load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 2), T0));
    }

    @Test
    void onEqualTimestampsWithinOneSaveTheLaterChangeWins() {
        store().save(Changes.builder("ns").set(Widget.of("w1", 1), T0).set(Widget.of("w1", 2), T0)
                .unset(Widget.of("w1", 3), T0).set(Widget.of("w1", 4), T0).build());

        assertThat(store().load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 4), T0));
    }

    @Test
    void typeAndIdTogetherAreTheKey() {
        store().save(Changes.builder("ns").set(Widget.of("same", 1), T0).set(new Gadget("same", 7), T0).build());

        assertThat(store().load("ns")).hasSize(2);
    }

    @Test
    void unsetIsReturnedAsADeletionMarker() {
        store().save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
        store().save(Changes.builder("ns").unset(Widget.of("w1", 1), T0.plusSeconds(1)).build());

        Changes loaded = store().load("ns");

        assertThat(loaded).hasSize(1);
        assertThat(loaded.get(0).isUnset()).isTrue();
        assertThat(loaded.get(0).key()).isEqualTo(new EntityKey("widget", "w1"));
        assertThat(loaded.get(0).timestamp()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void setAfterUnsetBringsTheEntityBack() {
        store().save(Changes.builder("ns").set(Widget.of("w1", 1), T0).unset(Widget.of("w1", 1), T0.plusSeconds(1))
                .set(Widget.of("w1", 2), T0.plusSeconds(2)).build());

        assertThat(store().load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 2), T0.plusSeconds(2)));
    }

    @Test
    void loadReturnsReplayOrderAscendingTimestampTiesInSaveOrder() {
        store().save(Changes.builder("ns").set(Widget.of("c", 1), T0.plusSeconds(3)).set(Widget.of("a", 1), T0)
                .build());
        store().save(Changes.builder("ns").set(Widget.of("z", 1), T0.plusSeconds(1)).set(Widget.of("b", 1),
                T0.plusSeconds(1)).set(Widget.of("y", 1), T0.plusSeconds(1)).build());

        assertThat(store().load("ns")).extracting(Change::entityId).containsExactly("a", "z", "b", "y", "c");
    }

    @Test
    void timestampsKeepNanosecondPrecision() {
        Instant precise = Instant.ofEpochSecond(1_761_393_600L, 123_456_789);
        store().save(Changes.builder("ns").set(Widget.of("w1", 1), precise).build());

        assertThat(store().load("ns").get(0).timestamp()).isEqualTo(precise);
    }

    @Test
    void builderStampsChangesWithTheCurrentTime() {
        Instant before = Instant.now();
        store().save(Changes.builder("ns").set(Widget.of("w1", 1)).build());
        Instant after = Instant.now();

        assertThat(store().load("ns").get(0).timestamp()).isBetween(before.minusMillis(1), after.plusMillis(1));
    }

    @Test
    void oneSaveMayTouchManyNamespaces() {
        Changes changes = Changes.builder("ns-a").set(Widget.of("w1", 1), T0).build()
                .concat(Changes.builder("ns-b").set(Widget.of("w1", 2), T0).build())
                .concat(Changes.builder("ns-c").unset(Widget.of("w1", 3), T0).build());

        store().save(changes);

        assertThat(store().load("ns-a")).containsExactly(Change.set("ns-a", Widget.of("w1", 1), T0));
        assertThat(store().load("ns-b")).containsExactly(Change.set("ns-b", Widget.of("w1", 2), T0));
        assertThat(store().load("ns-c")).extracting(Change::isUnset).containsExactly(true);
    }

    @Test
    void namespacesAreIsolated() {
        for (int i = 0; i < 50; i++) {
            store().save(Changes.builder("tenant-" + i).set(Widget.of("w", i), T0).build());
        }

        for (int i = 0; i < 50; i++) {
            assertThat(store().load("tenant-" + i)).containsExactly(Change.set("tenant-" + i, Widget.of("w", i), T0));
        }
    }

    /**
     * Namespaces that a careless backend would turn into paths, keys or queries.
     *
     * @return namespaces that a careless backend would turn into paths, keys or queries
     */
    public static Stream<String> unusualNamespaces() {
        return Stream.of("a/b", "..", "../escape", "/etc/passwd", "with space", "tab\there", "C:\\windows",
                "üñïçødé-工作区", "emoji-\uD83D\uDE80", ".hidden", "CON", "nul", "%2e%2e", "semi;colon",
                "quote\"d", "new\nline", "x".repeat(255), "y".repeat(300), "-", "_", ".");
    }

    @ParameterizedTest
    @MethodSource("unusualNamespaces")
    void unusualNamespacesRoundTripWithoutMixingUp(String namespace) {
        store().save(Changes.builder(namespace).set(Widget.of("w1", 1), T0).build());
        store().save(Changes.builder("plain").set(Widget.of("w1", 2), T0).build());

        assertThat(store().load(namespace)).containsExactly(Change.set(namespace, Widget.of("w1", 1), T0));
        assertThat(store().load("plain")).containsExactly(Change.set("plain", Widget.of("w1", 2), T0));
        if (store() instanceof NamespaceListing listing) {
            assertThat(listing.listNamespaces()).contains(namespace, "plain");
        }
    }

    @Test
    void emptyNamespaceIsRefused() {
        assertThatThrownBy(() -> store().load("")).hasMessageContaining("namespace");
    }

    @Test
    void entitiesOfOneMegabyteRoundTrip() {
        String payload = "0123456789abcdef\"\\<>&é".repeat(1 << 16);
        Widget big = new Widget("big", "big one", 1, Map.of("size", "1MB"), payload);

        store().save(Changes.builder("ns").set(big, T0).build());

        assertThat(store().load("ns")).containsExactly(Change.set("ns", big, T0));
    }

    // ---- entity types --------------------------------------------------------------------------------------

    @Test
    void savingAnUnregisteredTypeFailsNamingItAndSavesNothingOfTheBatch() {
        Changes batch = Changes.builder("ns").set(Widget.of("w1", 1), T0).set(new Unregistered("u1"), T0).build();

        assertThatThrownBy(() -> store().save(batch)).isInstanceOf(UnknownEntityTypeException.class)
                .hasMessageContaining("unregistered-type").hasMessageContaining("ns");
        assertThat(store().load("ns")).isEmpty();
    }

    @Test
    void registeringATypeLaterAllowsSavingIt() {
        store().registerEntityType("unregistered-type", Unregistered.class);

        store().save(Changes.builder("ns").set(new Unregistered("u1"), T0).build());

        assertThat(store().load("ns")).containsExactly(Change.set("ns", new Unregistered("u1"), T0));
    }

    // ---- durability ----------------------------------------------------------------------------------------

    @Test
    void savedChangesSurviveReopening() {
        store().save(Changes.builder("ns").set(Widget.of("w1", 1), T0).unset(new Gadget("g1", 1), T0).build());
        store().save(Changes.builder("ns").set(Widget.of("w1", 2), T0.plusSeconds(1)).build());

        Store reopened = reopen(TestEntities.registry());

        Changes loaded = reopened.load("ns");
        assertThat(loaded).hasSize(2);
        assertThat(loaded.get(0).key()).isEqualTo(new EntityKey("gadget", "g1"));
        assertThat(loaded.get(0).isUnset()).isTrue();
        assertThat(loaded.get(1)).isEqualTo(Change.set("ns", Widget.of("w1", 2), T0.plusSeconds(1)));
    }

    @Test
    void loadingAnUnregisteredTypeFailsNamingTypeAndNamespace() {
        store().save(Changes.builder("ns-x").set(new Gadget("g1", 1), T0).build());

        Store reopened = reopen(EntityTypes.create().register(TestEntities.WIDGET, Widget.class));

        assertThatThrownBy(() -> reopened.load("ns-x")).isInstanceOf(UnknownEntityTypeException.class)
                .hasMessageContaining("'gadget'").hasMessageContaining("'ns-x'");
    }

    @Test
    void genericRegistryLoadsUnregisteredTypesAsRawJson() {
        store().save(Changes.builder("ns").set(new Gadget("g1", 99), T0).build());

        Store reopened = reopen(EntityTypes.generic());

        assertThat(reopened.load("ns")).singleElement().satisfies(change -> {
            assertThat(change.entity()).isInstanceOf(RawEntity.class);
            assertThat(((RawEntity) change.entity()).json()).contains("\"size\":99");
            assertThat(change.timestamp()).isEqualTo(T0);
        });
    }

    // ---- concurrency ---------------------------------------------------------------------------------------

    @Test
    void concurrentSavesFromEightThreadsLoseNothing() throws Exception {
        int threads = 8;
        int savesPerThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < savesPerThread; i++) {
                        Instant at = T0.plusMillis(i);
                        store().save(Changes.builder("shared").set(Widget.of("t" + thread + "-" + i, i), at).build()
                                .concat(Changes.builder("own-" + thread).set(Widget.of("w" + i, i), at).build()));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(4, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store().load("shared")).hasSize(threads * savesPerThread);
        for (int t = 0; t < threads; t++) {
            assertThat(store().load("own-" + t)).hasSize(savesPerThread);
        }
    }

    @Test
    void aLoadStartedAfterASaveReturnedSeesIt() throws Exception {
        ExecutorService loader = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 30; i++) {
                store().save(Changes.builder("ryw").set(Widget.of("w" + i, i), T0.plusSeconds(i)).build());
                int expected = i + 1;
                Changes seen = loader.submit(() -> store().load("ryw")).get(1, TimeUnit.MINUTES);
                assertThat(seen).as("load after save %d", i).hasSize(expected);
            }
        } finally {
            loader.shutdownNow();
        }
    }

    // ---- close ---------------------------------------------------------------------------------------------

    @Test
    void closeIsIdempotent() {
        Store s = store();
        s.close();
        s.close();
    }

    @Test
    void useAfterCloseFailsAtOnceWithAClearError() {
        Store s = store();
        s.save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());
        s.close();

        long started = System.nanoTime();
        assertThatThrownBy(() -> s.load("ns")).isInstanceOf(StoreClosedException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> s.save(Changes.builder("ns").set(Widget.of("w1", 2), T0).build()))
                .isInstanceOf(StoreClosedException.class);
        if (s instanceof NamespaceListing listing) {
            assertThatThrownBy(listing::listNamespaces).isInstanceOf(StoreClosedException.class);
        }
        if (s instanceof Compactable compactable) {
            assertThatThrownBy(() -> compactable.compact("ns")).isInstanceOf(StoreClosedException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    // ---- optional capabilities -----------------------------------------------------------------------------

    @Test
    void listNamespacesNamesEveryNamespaceWithChanges() {
        assumeTrue(store() instanceof NamespaceListing, "store does not list namespaces");
        store().save(Changes.builder("b-ns").set(Widget.of("w1", 1), T0).build());
        store().save(Changes.builder("a-ns").unset(Widget.of("w1", 1), T0).build());

        assertThat(((NamespaceListing) store()).listNamespaces()).contains("a-ns", "b-ns").isSorted();
    }

    @Test
    void compactionNeverChangesWhatALoadReturns() {
        assumeTrue(store() instanceof Compactable, "store does not compact");
        Compactable compactable = (Compactable) store();
        for (int i = 0; i < 20; i++) {
            store().save(Changes.builder("ns").set(Widget.of("w" + (i % 4), i), T0.plusSeconds(i % 7))
                    .unset(new Gadget("g" + (i % 3), i), T0.plusSeconds(i % 5)).build());
        }
        Changes before = store().load("ns");

        compactable.compact("ns");
        compactable.compact("never-saved");

        assertThat(store().load("ns")).isEqualTo(before);
        store().save(Changes.builder("ns").set(Widget.of("w0", 100), T0.plusSeconds(100)).build());
        assertThat(store().load("ns")).contains(Change.set("ns", Widget.of("w0", 100), T0.plusSeconds(100)));
    }

    // ---- namespace lifecycle: deletion and counts ------------------------------------------------------------

    @Test
    void aDeletedNamespaceLoadsEmptyIsNotListedAndLeavesOtherNamespacesAlone() {
        NamespaceDeletion deletion = deletion();
        store().save(Changes.builder("doomed").set(Widget.of("w1", 1), T0).unset(new Gadget("g1", 1), T0).build());
        store().save(Changes.builder("kept").set(Widget.of("w1", 1), T0).build());
        Changes kept = store().load("kept");

        deletion.deleteNamespace("doomed");

        assertThat(store().load("doomed")).isEmpty();
        assertThat(store().load("kept")).isEqualTo(kept);
        if (store() instanceof NamespaceListing listing) {
            assertThat(listing.listNamespaces()).contains("kept").doesNotContain("doomed");
        }
    }

    @Test
    void deletingAnUnknownOrAlreadyDeletedNamespaceDoesNothing() {
        NamespaceDeletion deletion = deletion();
        store().save(Changes.builder("ns").set(Widget.of("w1", 1), T0).build());

        deletion.deleteNamespace("never-saved");
        deletion.deleteNamespace("ns");
        deletion.deleteNamespace("ns");

        assertThat(store().load("ns")).isEmpty();
        assertThat(store().load("never-saved")).isEmpty();
    }

    @Test
    void aNamespaceSavedAgainAfterItsDeletionStartsEmptyEvenWithOlderTimestamps() {
        NamespaceDeletion deletion = deletion();
        store().save(Changes.builder("ns").set(Widget.of("w1", 1), T0.plusSeconds(60))
                .set(Widget.of("w2", 1), T0.plusSeconds(60)).unset(new Gadget("g1", 1), T0.plusSeconds(60)).build());
        deletion.deleteNamespace("ns");

        store().save(Changes.builder("ns").set(Widget.of("w1", 2), T0).build());

        assertThat(store().load("ns")).containsExactly(Change.set("ns", Widget.of("w1", 2), T0));
    }

    @Test
    void deletingAnInvalidNamespaceIsRefused() {
        NamespaceDeletion deletion = deletion();

        assertThatThrownBy(() -> deletion.deleteNamespace("")).isInstanceOf(InvalidNamespaceException.class);
    }

    @Test
    void deletingFromAClosedStoreIsRefused() {
        NamespaceDeletion deletion = deletion();
        store().close();

        assertThatThrownBy(() -> deletion.deleteNamespace("ns")).isInstanceOf(StoreClosedException.class);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void savesRacingADeletionLandWhollyBeforeOrAfterIt() throws Exception {
        deletion();

        NamespaceLifecycle.savesRacingADeletion(store(), "raced");
    }

    @Test
    void aDeletionAndTheSavesAfterItSurviveReopening() {
        NamespaceDeletion deletion = deletion();
        store().save(Changes.builder("ns").set(Widget.of("w1", 1), T0.plusSeconds(60)).build());
        store().save(Changes.builder("gone").set(Widget.of("w1", 1), T0).build());
        deletion.deleteNamespace("gone");
        deletion.deleteNamespace("ns");
        store().save(Changes.builder("ns").set(Widget.of("w2", 1), T0).build());

        Store reopened = reopen(TestEntities.registry());

        assertThat(reopened.load("gone")).isEmpty();
        assertThat(reopened.load("ns")).containsExactly(Change.set("ns", Widget.of("w2", 1), T0));
        if (reopened instanceof NamespaceListing listing) {
            assertThat(listing.listNamespaces()).contains("ns").doesNotContain("gone");
        }
    }

    @Test
    void entityCountsAreWhatALoadReturnsAndNamespaceCountsWhatAListingNames() {
        assumeTrue(store() instanceof EntityCounting, "store does not count entities");
        EntityCounting counting = (EntityCounting) store();
        for (int i = 0; i < 30; i++) {
            ChangesBuilder save = Changes.builder("counted")
                    .set(Widget.of("w" + (i % 7), i), T0.plusSeconds(i % 5));
            if (i % 3 == 0) {
                save.unset(Widget.of("w" + (i % 4), i), T0.plusSeconds(i % 6));
            }
            store().save(save.unset(new Gadget("g" + (i % 2), i), T0).build());
        }
        store().save(Changes.builder("other").set(Widget.of("w1", 1), T0).build());
        Changes loaded = store().load("counted");
        long unsets = loaded.stream().filter(Change::isUnset).count();

        assertThat(counting.countEntities("counted"))
                .isEqualTo(new EntityCounts("counted", loaded.size() - unsets, unsets));
        assertThat(counting.countEntities("never-saved")).isEqualTo(new EntityCounts("never-saved", 0, 0));
        if (store() instanceof NamespaceListing listing) {
            assertThat(counting.countNamespaces()).isEqualTo(listing.listNamespaces().size());
        }
        long namespaces = counting.countNamespaces();
        if (store() instanceof NamespaceDeletion deletion) {
            deletion.deleteNamespace("other");
            assertThat(counting.countEntities("other")).isEqualTo(new EntityCounts("other", 0, 0));
            assertThat(counting.countNamespaces()).isEqualTo(namespaces - 1);
        }
    }

    // ---- acknowledged means loadable, exactly ----------------------------------------------------------------

    /**
     * Random and hostile changes (see {@code RoundTrips}) come back exactly, or their save is refused with a
     * {@link RejectedChangeException} that leaves the namespace as it was. Runs {@value #DEFAULT_ROUND_TRIPS} changes
     * unless {@code persistence.tck.roundTrips} says otherwise; a failure names its seed.
     */
    @Test
    void hostileChangesComeBackExactlyOrTheirSaveIsRefusedWithNothingWritten() {
        EntityTypes types = EntityTypes.generic().register(TestEntities.WIDGET, Widget.class)
                .register(TestEntities.GADGET, Gadget.class);
        Store tested = storeWith(types);
        int changes = Integer.getInteger("persistence.tck.roundTrips", DEFAULT_ROUND_TRIPS);
        long seed = Long.getLong("persistence.tck.seed", 20261129L);

        RoundTrips.run(tested, "round-trips", seed, changes);
    }

    @Test
    void aChangeAtTheSizeLimitIsSavedAndOneByteLargerIsRefusedWithNothingOfItsSaveWritten() {
        Change template = Change.set("size-limit", new Widget("big", "big one", 1, Map.of(), ""), T0);
        OptionalLong limit = sizeLimit(store(), template);
        assumeTrue(limit.isPresent(), "the store has no size limit");
        int base = WireFormat.create(store().entityTypes()).encode(template).length;
        Change atLimit = sized(template, Math.toIntExact(limit.getAsLong() - base));
        Change oneByteMore = sized(template, Math.toIntExact(limit.getAsLong() - base + 1));
        Change small = Change.set("size-limit", Widget.of("small", 1), T0);

        assertThatThrownBy(() -> store().save(Changes.of(small, oneByteMore)))
                .isInstanceOf(RejectedChangeException.class).hasMessageContaining("widget/big")
                .hasMessageContaining("size-limit");
        assertThat(store().load("size-limit")).isEmpty();

        store().save(Changes.of(atLimit));
        assertThat(store().load("size-limit")).containsExactly(atLimit);
    }

    // ---- randomized model check ----------------------------------------------------------------------------

    @Test
    void randomSaveSequencesMatchASimpleModel() {
        int trials = Integer.getInteger("persistence.tck.trials", DEFAULT_TRIALS);
        IntStream.range(0, trials).forEach(seed -> ModelCheck.run(store(), seed));
    }

    private NamespaceDeletion deletion() {
        assumeTrue(store() instanceof NamespaceDeletion, "store does not delete namespaces");
        return (NamespaceDeletion) store();
    }

    private Store track(Store created) {
        opened.add(created);
        return created;
    }

    private synchronized Store reopen(EntityTypes types) {
        Store current = store();
        current.close();
        Store reopened = reopenStore(types);
        assumeTrue(reopened != null, "store is not durable");
        return track(reopened);
    }
}
