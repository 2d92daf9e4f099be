package org.workspaceengine.persistence;

/**
 * A save refused a change that the store could not give back exactly as it was given: its entity does not serialize,
 * its JSON is not valid Unicode text (an unpaired surrogate), it nests deeper than the wire format allows, or its
 * encoding is larger than the store's size limit. Nothing of the save was written. Saving the same change again fails
 * the same way.
 */
public class RejectedChangeException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    /** The namespace, in the serialized form. */
    private final String namespace;
    /** The entity key, in the serialized form. */
    private final EntityKey entityKey;
    /** The reason, in the serialized form. */
    private final String reason;

    /**
     * An exception saying why the change of {@code entityKey} in {@code namespace} was refused.
     *
     * @param reason what is wrong with the change, such as {@code "it encodes to 70000000 bytes, more than the
     *     67108864 bytes a line may hold"}
     * @param namespace the namespace
     * @param entityKey the entity key
     * @param cause the underlying failure
     */
    public RejectedChangeException(String namespace, EntityKey entityKey, String reason, Throwable cause) {
        super("cannot save entity " + entityKey + " of namespace '" + namespace + "': " + reason
                + "; nothing of this save was written", cause);
        this.namespace = namespace;
        this.entityKey = entityKey;
        this.reason = reason;
    }

    /**
     * The namespace of the refused change.
     *
     * @return the namespace of the refused change
     */
    public String namespace() {
        return namespace;
    }

    /**
     * The entity of the refused change.
     *
     * @return the entity of the refused change
     */
    public EntityKey entityKey() {
        return entityKey;
    }

    /**
     * What is wrong with the change, without the namespace and entity.
     *
     * @return what is wrong with the change, without the namespace and entity
     */
    public String reason() {
        return reason;
    }
}
