package org.workspaceengine.persistence.tck;

import java.util.Map;
import org.workspaceengine.persistence.Entity;
import org.workspaceengine.persistence.EntityTypes;

/** The entities the contract suite saves and loads. */
public final class TestEntities {

    /** The type name of {@link Widget}. */
    public static final String WIDGET = "widget";
    /** The type name of {@link Gadget}. */
    public static final String GADGET = "gadget";

    private TestEntities() {
    }

    /**
     * A registry with {@link Widget} and {@link Gadget} registered.
     *
     * @return a registry with {@link Widget} and {@link Gadget} registered
     */
    public static EntityTypes registry() {
        return EntityTypes.create().register(WIDGET, Widget.class).register(GADGET, Gadget.class);
    }

    /**
     * An entity with a few typed fields and a free-form payload.
     *
     * @param id the id
     * @param name a name
     * @param version a version number that tests bump to tell versions apart
     * @param labels string labels
     * @param payload free text, used to make large entities
     */
    public record Widget(String id, String name, int version, Map<String, String> labels, String payload)
            implements Entity {

        /**
         * A small widget.
         *
         * @param id the id
         * @param version the version
         * @return a small widget
         */
        public static Widget of(String id, int version) {
            return new Widget(id, "widget " + id, version, Map.of("env", "test"), "");
        }

        @Override
        public String entityType() {
            return WIDGET;
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    /**
     * A second entity type, so that keys with equal ids but different types are told apart.
     *
     * @param id the id
     * @param size a number
     */
    public record Gadget(String id, long size) implements Entity {
        @Override
        public String entityType() {
            return GADGET;
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    /**
     * An entity whose type the suite never registers.
     *
     * @param id the id
     */
    public record Unregistered(String id) implements Entity {
        @Override
        public String entityType() {
            return "unregistered-type";
        }

        @Override
        public String entityId() {
            return id;
        }
    }

    /** The type name of {@link Unserializable}. */
    public static final String UNSERIALIZABLE = "unserializable";

    /**
     * An entity whose serialization to JSON fails (a getter throws), for tests of saves that cannot encode. Register
     * it under {@link #UNSERIALIZABLE}.
     */
    public static final class Unserializable implements Entity {
        private final String id;

        /**
         * An entity with id {@code id}.
         *
         * @param id the id
         */
        public Unserializable(String id) {
            this.id = id;
        }

        /**
         * The id, serialized.
         *
         * @return the id, serialized
         */
        public String getId() {
            return id;
        }

        /**
         * Always throws: the reason this entity cannot be serialized.
         *
         * @return never returns
         */
        public String getBoom() {
            throw new IllegalStateException("boom");
        }

        @Override
        public String entityType() {
            return UNSERIALIZABLE;
        }

        @Override
        public String entityId() {
            return id;
        }
    }
}
