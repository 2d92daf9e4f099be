package org.workspaceengine.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * The registry of entity types a store can save and load: type name to Java class (or factory), plus the
 * migrations that rewrite old JSON of a type before it is deserialized.
 *
 * <p>A registry is thread-safe and may be shared by several stores (a union's members, a copy's source and
 * target). Registering is allowed at any time, as in the seed's {@code RegisterEntityType}; re-registering a type
 * with the same class is a no-op, with another class an error.
 *
 * <p>A {@linkplain #generic() generic} registry also accepts unregistered types: it loads them as
 * {@link RawEntity}, so tools can read and copy stores without the domain classes. Their JSON is kept exactly as
 * stored, numbers and key order included. A migration receives the entity as a tree whose numbers hold their exact
 * values (big decimals and big integers, never doubles).
 */
public final class EntityTypes {

    private final boolean generic;
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    private final Map<String, List<NamedMigration>> migrations = new ConcurrentHashMap<>();

    private EntityTypes(boolean generic) {
        this.generic = generic;
    }

    /**
     * An empty registry: every type must be registered before it is saved or loaded.
     *
     * @return an empty registry: every type must be registered before it is saved or loaded
     */
    public static EntityTypes create() {
        return new EntityTypes(false);
    }

    /**
     * An empty registry that loads unregistered types as {@link RawEntity} and accepts any type on save.
     *
     * @return an empty registry that loads unregistered types as {@link RawEntity} and accepts any type on save
     */
    public static EntityTypes generic() {
        return new EntityTypes(true);
    }

    /**
     * Whether unregistered types are accepted (as raw JSON).
     *
     * @return whether unregistered types are accepted (as raw JSON)
     */
    public boolean isGeneric() {
        return generic;
    }

    /**
     * Registers {@code type} as deserialized into {@code entityClass} with Jackson.
     *
     * @param type the entity type
     * @param entityClass the class its JSON is deserialized into
     * @return this registry
     * @throws IllegalStateException if {@code type} is already registered differently
     */
    public EntityTypes register(String type, Class<? extends Entity> entityClass) {
        Objects.requireNonNull(entityClass, "entityClass");
        return add(type, new Registration(entityClass, null));
    }

    /**
     * Registers {@code type} as deserialized into a fresh instance from {@code factory} (Jackson updates the
     * instance), the seed's form: {@code register("system", SystemEntity::new)}.
     *
     * @param type the entity type
     * @param factory makes a fresh instance to deserialize into
     * @return this registry
     * @throws IllegalStateException if {@code type} is already registered differently
     */
    public EntityTypes register(String type, Supplier<? extends Entity> factory) {
        Objects.requireNonNull(factory, "factory");
        Entity sample = Objects.requireNonNull(factory.get(), () -> "factory for '" + type + "' returned null");
        return add(type, new Registration(sample.getClass(), factory));
    }

    private EntityTypes add(String type, Registration registration) {
        requireTypeName(type);
        Registration earlier = registrations.putIfAbsent(type, registration);
        if (earlier != null && !earlier.entityClass().equals(registration.entityClass())) {
            throw new IllegalStateException("entity type '" + type + "' is already registered to "
                    + earlier.entityClass().getName() + ", cannot register it to "
                    + registration.entityClass().getName());
        }
        return this;
    }

    /**
     * Adds a migration named {@code name} for {@code type}; migrations of a type run in the order they were added.
     *
     * @param type the entity type
     * @param name the migration's name, unique for its type, named in errors
     * @param migration rewrites the stored JSON of {@code type} before it is deserialized
     * @return this registry
     * @throws IllegalStateException if {@code type} already has a migration named {@code name}
     */
    public EntityTypes addMigration(String type, String name, EntityMigration migration) {
        requireTypeName(type);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(migration, "migration");
        List<NamedMigration> list = migrations.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>());
        synchronized (list) {
            if (list.stream().anyMatch(m -> m.name().equals(name))) {
                throw new IllegalStateException("entity type '" + type + "' already has a migration named '"
                        + name + "'");
            }
            list.add(new NamedMigration(name, migration));
        }
        return this;
    }

    /**
     * Whether {@code type} is registered.
     *
     * @param type the entity type
     * @return whether {@code type} is registered
     */
    public boolean isRegistered(String type) {
        return registrations.containsKey(type);
    }

    /**
     * The registered type names, sorted.
     *
     * @return the registered type names, sorted
     */
    public Set<String> registeredTypes() {
        return new TreeSet<>(registrations.keySet());
    }

    /**
     * Checks that {@code entity} may be saved in {@code namespace}: its type is registered to its class, or it is a
     * {@link RawEntity}, or this registry is generic.
     *
     * @param namespace the namespace
     * @param entity the entity
     * @throws UnknownEntityTypeException if its type is not registered
     * @throws IllegalArgumentException if its type is registered to another class
     */
    public void checkSavable(String namespace, Entity entity) {
        if (entity instanceof RawEntity) {
            return;
        }
        Registration registration = registrations.get(entity.entityType());
        if (registration == null) {
            if (!generic) {
                throw new UnknownEntityTypeException(entity.entityType(), namespace);
            }
        } else if (!registration.entityClass().isInstance(entity)) {
            throw new IllegalArgumentException("entity " + EntityKey.of(entity) + " is a " + entity.getClass().getName()
                    + " but type '" + entity.entityType() + "' is registered to "
                    + registration.entityClass().getName());
        }
    }

    /**
     * Checks every change with {@link #checkSavable}, before anything is written.
     *
     * @param changes the changes
     */
    public void checkSavable(Changes changes) {
        for (Change change : changes) {
            checkSavable(change.namespace(), change.entity());
        }
    }

    /**
     * Reads an entity from its stored JSON, which the wire format has checked: runs the type's migrations, then
     * deserializes with {@code mapper}, reading with parsers of {@code factory} (the wire format's limits). For the
     * {@link WireFormat}; applications do not call it.
     *
     * @param mapper the Jackson mapper for entities
     * @param factory makes the parsers, with the wire format's limits
     * @param namespace the namespace
     * @param type the entity type
     * @param id the id
     * @param json the entity's stored JSON
     * @return the deserialized entity
     * @throws UnknownEntityTypeException if the type is not registered and the registry is not generic
     * @throws MigrationException if a migration fails
     * @throws IOException if the JSON does not fit the type's class
     */
    public Entity read(ObjectMapper mapper, JsonFactory factory, String namespace, String type, String id, byte[] json)
            throws IOException {
        Registration registration = registrations.get(type);
        if (registration == null && !generic) {
            throw new UnknownEntityTypeException(type, namespace);
        }
        List<NamedMigration> typeMigrations = migrations.getOrDefault(type, List.of());
        if (typeMigrations.isEmpty()) {
            if (registration != null) {
                try (JsonParser parser = factory.createParser(json)) {
                    return registration.reader(mapper).readValue(parser);
                }
            }
            if (json.length == 0 || json[0] != '{' && !(json.length == 4 && json[0] == 'n')) {
                throw new IOException("entity JSON is not an object");
            }
            return RawEntity.ofChecked(type, id, json);
        }
        return Migrating.read(registration, mapper, factory, type, id, json, typeMigrations);
    }

    /**
     * The reader that deserializes {@code type} straight from a parser, or null when reading it takes more than
     * that (an unregistered type, migrations to run, or a factory that supplies instances). For the
     * {@link WireFormat}; applications do not call it.
     *
     * @param mapper the Jackson mapper for entities
     * @param type the entity type
     * @return the reader that deserializes {@code type} straight from a parser, or null when reading it takes more than
     *     that (an unregistered type, migrations to run, or a factory that supplies instances)
     */
    public ObjectReader directReader(ObjectMapper mapper, String type) {
        Registration registration = direct(type);
        return registration == null ? null : registration.reader(mapper);
    }

    /**
     * The class {@link #directReader} deserializes {@code type} into, or null when it has no direct reader. For the
     * {@link WireFormat}; applications do not call it.
     *
     * @param type the entity type
     * @return the class {@link #directReader} deserializes {@code type} into, or null when it has no direct reader
     */
    public Class<? extends Entity> directClass(String type) {
        Registration registration = direct(type);
        return registration == null ? null : registration.entityClass();
    }

    /** The registration of {@code type} if its JSON deserializes straight into its class, else null. */
    private Registration direct(String type) {
        Registration registration = registrations.get(type);
        if (registration == null || registration.factory != null || migrations.containsKey(type)) {
            return null;
        }
        return registration;
    }

    /**
     * Reading through migrations, in a class of its own: the JSON trees it passes around are databind classes that
     * verifying it loads, and a store whose types have no migrations then never loads them.
     */
    private static final class Migrating {

        static Entity read(Registration registration, ObjectMapper mapper, JsonFactory factory, String type,
                           String id, byte[] json, List<NamedMigration> typeMigrations) throws IOException {
            ObjectNode tree = migrate(type, id, JsonTrees.readObject(mapper, factory, json), typeMigrations);
            if (registration == null) {
                try {
                    return RawEntity.of(type, id, tree);
                } catch (IllegalArgumentException e) {
                    throw new MigrationException(typeMigrations.get(typeMigrations.size() - 1).name(), type, id, e);
                }
            }
            return registration.reader(mapper).readValue(tree);
        }

        private static ObjectNode migrate(String type, String id, ObjectNode tree,
                                          List<NamedMigration> typeMigrations) {
            ObjectNode current = tree;
            for (NamedMigration migration : typeMigrations) {
                try {
                    current = Objects.requireNonNull(migration.migration().migrate(current),
                            "migration returned null");
                } catch (Exception e) {
                    throw new MigrationException(migration.name(), type, id, e);
                }
            }
            return current;
        }
    }

    private static void requireTypeName(String type) {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("entity type name must not be blank");
        }
    }

    private record NamedMigration(String name, EntityMigration migration) {
    }

    private static final class Registration {
        private final Class<? extends Entity> entityClass;
        private final Supplier<? extends Entity> factory;
        private volatile CachedReader cached;

        Registration(Class<? extends Entity> entityClass, Supplier<? extends Entity> factory) {
            this.entityClass = entityClass;
            this.factory = factory;
        }

        Class<? extends Entity> entityClass() {
            return entityClass;
        }

        ObjectReader reader(ObjectMapper mapper) {
            if (factory != null) {
                return mapper.readerForUpdating(factory.get());
            }
            // Cached per mapper: an ObjectReader is immutable and thread-safe.
            CachedReader current = cached;
            if (current == null || current.mapper() != mapper) {
                current = new CachedReader(mapper, mapper.readerFor(entityClass));
                cached = current;
            }
            return current.reader();
        }
    }

    private record CachedReader(ObjectMapper mapper, ObjectReader reader) {
    }
}
