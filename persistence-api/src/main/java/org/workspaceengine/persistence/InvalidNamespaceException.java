package org.workspaceengine.persistence;

/** A namespace was refused: empty, or not storable by a backend. Nothing was stored. */
public class InvalidNamespaceException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    /** The namespace, in the serialized form. */
    private final String namespace;

    /**
     * An exception saying why {@code namespace} was refused.
     *
     * @param namespace the namespace
     * @param reason why it was refused
     */
    public InvalidNamespaceException(String namespace, String reason) {
        super("invalid namespace " + quote(namespace) + ": " + reason);
        this.namespace = namespace;
    }

    /**
     * The refused namespace.
     *
     * @return the refused namespace
     */
    public String namespace() {
        return namespace;
    }

    private static String quote(String namespace) {
        if (namespace == null) {
            return "null";
        }
        String shown = namespace.length() > 80 ? namespace.substring(0, 80) + "...(" + namespace.length() + " chars)"
                : namespace;
        return "'" + shown.replace("\0", "\\0") + "'";
    }
}
