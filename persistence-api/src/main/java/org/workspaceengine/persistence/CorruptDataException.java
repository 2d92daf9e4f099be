package org.workspaceengine.persistence;

/**
 * Stored data could not be read: a malformed record, a missing field, an entity JSON that does not fit its class.
 * The message names where (file and line, topic, partition and offset) and what was wrong.
 */
public class CorruptDataException extends PersistenceException {

    private static final long serialVersionUID = 1L;

    /** The location, in the serialized form. */
    private final String location;
    /** The problem, in the serialized form. */
    private final String problem;

    /**
     * An exception saying what {@code problem} was found; the location is not known yet.
     *
     * @param problem the problem
     * @param cause the underlying failure
     */
    public CorruptDataException(String problem, Throwable cause) {
        this(null, problem, cause);
    }

    /**
     * An exception saying what {@code problem} was found at {@code location}.
     *
     * @param location the location
     * @param problem the problem
     * @param cause the underlying failure
     */
    public CorruptDataException(String location, String problem, Throwable cause) {
        super(location == null ? problem : location + ": " + problem, cause);
        this.location = location;
        this.problem = problem;
    }

    /**
     * Where the bad data is (such as {@code "data/ws-1.jsonl line 17"}), or null when unknown.
     *
     * @return where the bad data is (such as {@code "data/ws-1.jsonl line 17"}), or null when unknown
     */
    public String location() {
        return location;
    }

    /**
     * What was wrong, without the location.
     *
     * @return what was wrong, without the location
     */
    public String problem() {
        return problem;
    }

    /**
     * The same problem, located at {@code location}.
     *
     * @param location the location
     * @return the same problem, located at {@code location}
     */
    public CorruptDataException at(String location) {
        return new CorruptDataException(location, problem, getCause());
    }
}
