package org.workspaceengine.persistence;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Verifiable#verify} found in one namespace.
 *
 * @param namespace the namespace checked
 * @param records the records read, good or bad
 * @param problems each bad record, in storage order
 */
public record VerificationReport(String namespace, long records, List<Problem> problems) {

    /**
     * Copies the problem list.
     *
     * @param namespace the namespace
     * @param records the records
     * @param problems the problems
     */
    public VerificationReport {
        Objects.requireNonNull(namespace, "namespace");
        problems = List.copyOf(problems);
    }

    /**
     * Whether no {@link Kind#CORRUPT corrupt} record was found: a strict load succeeds. A {@link Kind#TORN torn} last
     * record is reported but does not make the namespace unclean, since a load ignores it.
     *
     * @return whether no {@link Kind#CORRUPT corrupt} record was found: a strict load succeeds
     */
    public boolean isClean() {
        return problems.stream().noneMatch(problem -> problem.kind() == Kind.CORRUPT);
    }

    /**
     * One bad record.
     *
     * @param location where it is, such as {@code "data/ws.jsonl"} or {@code "topic-0"}
     * @param position its line number (1-based) or offset
     * @param kind what kind of problem
     * @param description what is wrong, with a short excerpt
     */
    public record Problem(String location, long position, Kind kind, String description) {
        /**
         * Validates the components.
         *
         * @param location the location
         * @param position the position
         * @param kind the kind
         * @param description what is wrong, with a short excerpt
         */
        public Problem {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(description, "description");
        }
    }

    /** Kinds of problems. */
    public enum Kind {
        /** An incomplete last record, as a crash mid-write leaves; ignored on load. */
        TORN,
        /** A record that cannot be read; fails a strict load. */
        CORRUPT,
        /** Stored data that maps to no namespace: no load reads it ({@link Verifiable#unrecognizedData()}). */
        UNRECOGNIZED
    }
}
