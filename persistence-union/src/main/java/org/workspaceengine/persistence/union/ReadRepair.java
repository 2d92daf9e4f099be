package org.workspaceengine.persistence.union;

/**
 * Whether and when a {@link UnionStore} writes the winner of a merged load back to members that lacked it.
 *
 * <p>After a load, a member "lacks" a winning change when it holds no change for that entity, an older one, or a
 * different one with the same timestamp. Only members that answered the load are repaired: a member that failed
 * it is presumably down, and a later load repairs it once it answers again. Repair failures never fail the load;
 * they are reported to the {@link UnionListener} and logged.
 */
public enum ReadRepair {

    /** Never write back (the default): members that missed saves stay behind until they are saved to again. */
    OFF,

    /**
     * Write back before the load returns, each member bounded by the member timeout. The load takes longer when
     * repairs are needed, but once it returns every member that answered holds the state it returned.
     */
    INLINE,

    /**
     * Write back on the union's executor after the load returns. Loads are not slowed down; a member catches up
     * shortly after. At most one repair per namespace and member is pending at a time (a load that finds one
     * pending leaves the rest to the next load). Closing the union lets repairs already running finish, waiting up
     * to the member timeout, and drops those not started yet (a later load, after reopening, repairs again).
     */
    BACKGROUND
}
