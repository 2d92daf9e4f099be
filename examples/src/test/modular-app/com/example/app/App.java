package com.example.app;

import java.nio.file.Path;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.Store;
import org.workspaceengine.persistence.Stores;

/**
 * A modular application (ModulePathTest compiles and runs it on the module path): saves an entity to a file store
 * opened by URI (its provider found through the module descriptors), loads it back and prints it.
 */
public final class App {

    /** An entity of the application's own package, which Jackson reads and builds through the opens. */
    public record Item(String id, String name) implements Entity {
        @Override
        public String entityType() {
            return "item";
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    private App() {
    }

    /**
     * Saves and loads one item in the directory {@code args[0]}.
     *
     * @param args the directory
     */
    public static void main(String[] args) {
        try (Store store = Stores.open("file:" + Path.of(args[0]).toUri().getPath())) {
            store.registerEntityType("item", Item.class);
            store.save(Changes.builder("ns").set(new Item("i-1", "first")).build());
        }
        try (Store store = Stores.open("file:" + Path.of(args[0]).toUri().getPath())) {
            store.registerEntityType("item", Item.class);
            Item item = (Item) store.load("ns").get(0).entity();
            System.out.println("loaded " + item + " from " + store.getClass().getName());
        }
    }
}
