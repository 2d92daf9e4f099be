package org.workspaceengine.persistence;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An immutable, ordered batch of changes: what {@link Store#save} takes and {@link Store#load} returns.
 *
 * <p>Order matters: within a save, a later change to the same entity with an equal timestamp wins, and a load
 * returns its changes in replay order (ascending timestamp, ties in save order), so applying them one by one
 * rebuilds the state.
 */
public final class Changes implements Iterable<Change> {

    private static final Changes EMPTY = new Changes(List.of());

    private final List<Change> changes;

    private Changes(List<Change> changes) {
        this.changes = changes;
    }

    /**
     * A builder of changes to {@code namespace}, stamped with the system UTC clock.
     *
     * @param namespace the namespace
     * @return a builder of changes to {@code namespace}, stamped with the system UTC clock
     */
    public static ChangesBuilder builder(String namespace) {
        return new ChangesBuilder(namespace, Clock.systemUTC());
    }

    /**
     * A builder of changes to {@code namespace}, stamped with {@code clock} (a seam for tests).
     *
     * @param namespace the namespace
     * @param clock the clock that stamps changes without a timestamp
     * @return a builder of changes to {@code namespace}, stamped with {@code clock} (a seam for tests)
     */
    public static ChangesBuilder builder(String namespace, Clock clock) {
        return new ChangesBuilder(namespace, clock);
    }

    /**
     * No changes.
     *
     * @return no changes
     */
    public static Changes empty() {
        return EMPTY;
    }

    /**
     * The given changes, in the given order.
     *
     * @param changes the changes
     * @return the given changes, in the given order
     */
    public static Changes of(Change... changes) {
        return of(List.of(changes));
    }

    /**
     * The given changes, in their iteration order.
     *
     * @param changes the changes
     * @return the given changes, in their iteration order
     */
    public static Changes of(Collection<Change> changes) {
        return changes.isEmpty() ? EMPTY : new Changes(List.copyOf(changes));
    }

    /**
     * The number of changes.
     *
     * @return the number of changes
     */
    public int size() {
        return changes.size();
    }

    /**
     * Whether there are no changes.
     *
     * @return whether there are no changes
     */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * The change at {@code index}.
     *
     * @param index the position, from 0
     * @return the change at {@code index}
     */
    public Change get(int index) {
        return changes.get(index);
    }

    /**
     * The changes as an unmodifiable list.
     *
     * @return the changes as an unmodifiable list
     */
    public List<Change> asList() {
        return changes;
    }

    /**
     * The changes as a stream.
     *
     * @return the changes as a stream
     */
    public Stream<Change> stream() {
        return changes.stream();
    }

    /**
     * The distinct namespaces these changes touch, in order of first appearance.
     *
     * @return the distinct namespaces these changes touch, in order of first appearance
     */
    public Set<String> namespaces() {
        Set<String> namespaces = new LinkedHashSet<>();
        for (Change change : changes) {
            namespaces.add(change.namespace());
        }
        return namespaces;
    }

    /**
     * The changes to {@code namespace}, in their order here.
     *
     * @param namespace the namespace
     * @return the changes to {@code namespace}, in their order here
     */
    public Changes forNamespace(String namespace) {
        List<Change> selected = new ArrayList<>();
        for (Change change : changes) {
            if (change.namespace().equals(namespace)) {
                selected.add(change);
            }
        }
        return selected.size() == changes.size() ? this : of(selected);
    }

    /**
     * These changes followed by {@code more}.
     *
     * @param more further changes
     * @return these changes followed by {@code more}
     */
    public Changes concat(Changes more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Change> all = new ArrayList<>(changes.size() + more.size());
        all.addAll(changes);
        all.addAll(more.changes);
        return of(all);
    }

    @Override
    public Iterator<Change> iterator() {
        return changes.iterator();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Changes that && changes.equals(that.changes);
    }

    @Override
    public int hashCode() {
        return changes.hashCode();
    }

    @Override
    public String toString() {
        return "Changes" + changes;
    }
}
