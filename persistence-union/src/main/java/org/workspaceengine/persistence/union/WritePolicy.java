package org.workspaceengine.persistence.union;

import java.util.Locale;
import java.util.Objects;

/**
 * How many members of a {@link UnionStore} must persist a save for it to succeed. Every member is attempted
 * either way; the policy only decides whether the save returns or throws.
 *
 * <ul>
 *   <li>{@link #all()} (the default): every member must succeed; any failure fails the save.</li>
 *   <li>{@link #atLeast(int) atLeast(n)}: at least {@code n} members must succeed; the failures of the others are
 *       reported to the {@link UnionListener} and logged, and read-repair can bring those members up to date
 *       later.</li>
 * </ul>
 *
 * <p>A failed save may still have been persisted by some members: a later load returns those changes.
 */
public final class WritePolicy {

    private static final WritePolicy ALL = new WritePolicy(0);

    /** 0 means all. */
    private final int atLeast;

    private WritePolicy(int atLeast) {
        this.atLeast = atLeast;
    }

    /**
     * Every member must persist the save.
     *
     * @return every member must persist the save
     */
    public static WritePolicy all() {
        return ALL;
    }

    /**
     * At least {@code members} members must persist the save.
     *
     * @param members the member stores
     * @return at least {@code members} members must persist the save
     * @throws IllegalArgumentException if {@code members} is less than 1
     */
    public static WritePolicy atLeast(int members) {
        if (members < 1) {
            throw new IllegalArgumentException("write policy atLeast(n) needs n >= 1, got " + members);
        }
        return new WritePolicy(members);
    }

    /**
     * The policy written as in a {@code union:} URI: {@code all} or {@code atLeast:N} (case-insensitive).
     *
     * @param text the text
     * @return the policy written as in a {@code union:} URI: {@code all} or {@code atLeast:N} (case-insensitive)
     * @throws IllegalArgumentException if {@code text} is neither
     */
    public static WritePolicy parse(String text) {
        Objects.requireNonNull(text, "text");
        String value = text.trim();
        if (value.equalsIgnoreCase("all")) {
            return ALL;
        }
        String prefix = "atleast:";
        if (value.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            String count = value.substring(prefix.length()).trim();
            try {
                return atLeast(Integer.parseInt(count));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("write policy '" + text + "': '" + count + "' is not a number", e);
            }
        }
        throw new IllegalArgumentException("write policy must be 'all' or 'atLeast:N', got '" + text + "'");
    }

    /**
     * Whether every member must succeed.
     *
     * @return whether every member must succeed
     */
    public boolean isAll() {
        return atLeast == 0;
    }

    /**
     * How many successes a save needs in a union of {@code memberCount} members.
     *
     * @param memberCount the member count
     * @return how many successes a save needs in a union of {@code memberCount} members
     */
    public int requiredSuccesses(int memberCount) {
        return isAll() ? memberCount : atLeast;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WritePolicy that && atLeast == that.atLeast;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(atLeast);
    }

    /** {@code all} or {@code atLeast:N}, the form {@link #parse(String)} reads. */
    @Override
    public String toString() {
        return isAll() ? "all" : "atLeast:" + atLeast;
    }
}
