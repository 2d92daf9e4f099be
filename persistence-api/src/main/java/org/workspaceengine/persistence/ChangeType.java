package org.workspaceengine.persistence;

/** What a {@link Change} does to its entity. */
public enum ChangeType {
    /** The entity exists with the given content (created or replaced). */
    SET("set"),
    /** The entity was deleted; the change is kept as a deletion marker. */
    UNSET("unset");

    private final String wireName;

    ChangeType(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name used in the JSON wire format: {@code "set"} or {@code "unset"}.
     *
     * @return the name used in the JSON wire format: {@code "set"} or {@code "unset"}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * The change type with the given wire name.
     *
     * @param wireName the wire name
     * @return the change type with the given wire name
     * @throws IllegalArgumentException if the name is neither {@code "set"} nor {@code "unset"}
     */
    public static ChangeType fromWireName(String wireName) {
        if ("set".equals(wireName)) {
            return SET;
        }
        if ("unset".equals(wireName)) {
            return UNSET;
        }
        throw new IllegalArgumentException("unknown change type '" + wireName + "' (expected \"set\" or \"unset\")");
    }
}
