package org.workspaceengine.persistence.cli;

import java.util.List;

/** What every command of a run shares: its streams and the options given before or after the command's name. */
final class PstoreCommand {

    private final Io io;
    private final List<String> stores;
    private final boolean verbose;

    PstoreCommand(Io io, List<String> stores, boolean verbose) {
        this.io = io;
        this.stores = List.copyOf(stores);
        this.verbose = verbose;
    }

    /** The streams of this run. */
    Io io() {
        return io;
    }

    /** Whether {@code --verbose} was given. */
    boolean verbose() {
        return verbose;
    }

    /** Whether {@code --store} was given at all. */
    boolean storeGiven() {
        return !stores.isEmpty();
    }

    /** The stores given with {@code --store}, or the default. */
    StoreSelection stores() {
        return StoreSelection.of(stores);
    }
}
