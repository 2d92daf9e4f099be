package org.workspaceengine.persistence.union;

import static org.workspaceengine.persistence.union.MemberMessages.combined;
import static org.workspaceengine.persistence.union.MemberMessages.details;
import static org.workspaceengine.persistence.union.MemberMessages.memberWord;
import static org.workspaceengine.persistence.union.MemberMessages.names;
import static org.workspaceengine.persistence.union.MemberMessages.notifyListener;
import static org.workspaceengine.persistence.union.MemberMessages.reportFailures;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityCounts;
import org.workspaceengine.persistence.MigrationException;
import org.workspaceengine.persistence.NamespaceListing;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.UnknownEntityTypeException;
import org.workspaceengine.persistence.spi.LatestWins;
import org.workspaceengine.persistence.union.MemberCalls.Outcome;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

/**
 * A union's reads: loads merged across the members with the latest-wins rule (then read-repaired), and namespace
 * listings, both under the degraded-loads policy when some members fail.
 */
final class UnionLoads {

    // Under the union's name, where users configure its logging.
    private static final Logger LOG = LoggerFactory.getLogger(UnionStore.class);

    private final List<Member> members;
    private final DegradedLoads degradedLoads;
    private final MemberCalls calls;
    private final MemberRepairs repairs;
    private final UnionListener listener;
    private final HintedHandoff handoff;
    private final WriteOrder order;

    UnionLoads(List<Member> members, DegradedLoads degradedLoads, MemberCalls calls, MemberRepairs repairs,
               UnionListener listener, HintedHandoff handoff, WriteOrder order) {
        this.handoff = handoff;
        this.order = order;
        this.members = members;
        this.degradedLoads = degradedLoads;
        this.calls = calls;
        this.repairs = repairs;
        this.listener = listener;
    }

    /**
     * The merged current state of {@code namespace} (a valid name), read-repaired as the union is set to. A member
     * whose backlog holds a deletion of the namespace is not read: what it holds of it is deleted already.
     */
    Changes load(String namespace) {
        String what = "load of namespace '" + namespace + "'";
        long deletionsSeen = order.deletions();
        List<Outcome<Changes>> outcomes = calls.run(notDeleting(namespace, what), what,
                member -> Objects.requireNonNull(
                member.store().load(namespace), "the member's load returned null"));
        List<Outcome<Changes>> failed = reportFailures(outcomes, Operation.LOAD, listener);
        List<Outcome<Changes>> answered = answered(outcomes);
        checkDegraded(what, namespace, failed, answered.isEmpty());
        if (answered.size() == 1) {
            return answered.get(0).value(); // one store's load is already the latest per entity, in replay order
        }

        LatestWins<Change> merged = new LatestWins<>(answered.get(0).value().size());
        for (Outcome<Changes> outcome : answered) {
            for (Change change : outcome.value()) {
                Change winner = merged.get(change.key());
                if (winner == null || !winner.equals(change)) {
                    merged.offer(change);
                }
            }
        }
        Changes result = Changes.of(merged.inReplayOrder());
        repairs.repair(namespace, answered, result, deletionsSeen);
        return result;
    }

    /**
     * The sorted union of the namespaces listed by the members that implement {@link NamespaceListing}.
     *
     * @throws UnsupportedOperationException if no member lists namespaces
     */
    List<String> listNamespaces() {
        List<Member> listing = new ArrayList<>();
        for (Member member : members) {
            if (member.store() instanceof NamespaceListing) {
                listing.add(member);
            }
        }
        if (listing.isEmpty()) {
            throw new UnsupportedOperationException("no member of the union lists namespaces: " + names(members));
        }
        List<Outcome<List<String>>> outcomes = calls.run(listing, "namespace listing", member -> {
            List<String> listed = new ArrayList<>(((NamespaceListing) member.store()).listNamespaces());
            listed.removeAll(handoff.namespacesBeingDeleted(member)); // deleted already, to be delivered
            return listed;
        });
        List<Outcome<List<String>>> failed = reportFailures(outcomes, Operation.LIST_NAMESPACES, listener);
        List<Outcome<List<String>>> answered = answered(outcomes);
        checkDegraded("namespace listing", null, failed, answered.isEmpty());
        Set<String> namespaces = new TreeSet<>();
        for (Outcome<List<String>> outcome : answered) {
            namespaces.addAll(outcome.value());
        }
        return new ArrayList<>(namespaces);
    }

    /**
     * The entities of {@code namespace} counted from its merged load: members may differ (a save that reached one
     * member directly, a member that is behind), and only the merge says what a load of the union returns.
     */
    EntityCounts countEntities(String namespace) {
        return EntityCounts.of(namespace, load(namespace));
    }

    /** The members a read of {@code namespace} asks: those with no deletion of it waiting in their backlog. */
    private List<Member> notDeleting(String namespace, String what) {
        List<Member> readable = new ArrayList<>(members.size());
        for (Member member : members) {
            if (!handoff.isDeleting(member, namespace)) {
                readable.add(member);
            }
        }
        if (readable.isEmpty()) {
            throw new StoreUnavailableException(what + " failed: every union member (" + members.size()
                    + ") has a deletion of the namespace waiting in its backlog");
        }
        return readable;
    }

    /**
     * Fails the operation if the failures call for it, else reports a degraded answer.
     *
     * @param namespace the namespace loaded, or null for a namespace listing
     */
    private void checkDegraded(String what, String namespace, List<? extends Outcome<?>> failed, boolean noneAnswered) {
        if (failed.isEmpty()) {
            return;
        }
        for (Outcome<?> outcome : failed) {
            if (outcome.failure() instanceof UnknownEntityTypeException
                    || outcome.failure() instanceof MigrationException) {
                PersistenceException registryError = (PersistenceException) outcome.failure();
                for (Outcome<?> other : failed) {
                    if (other != outcome) {
                        registryError.addSuppressed(other.failure());
                    }
                }
                throw registryError;
            }
        }
        if (noneAnswered) {
            throw combined(what + " failed on every union member (" + members.size() + "): " + details(failed),
                    failed, false);
        }
        if (degradedLoads == DegradedLoads.FAIL) {
            throw combined(what + " failed on union " + memberWord(failed) + " " + names(failed)
                    + " and degraded loads are not allowed: " + details(failed), failed, true);
        }
        LOG.warn("{} answered without union {} {} (degraded): {}", what, memberWord(failed), names(failed),
                details(failed));
        if (namespace != null) {
            List<MemberFailure> reported = new ArrayList<>(failed.size());
            for (Outcome<?> outcome : failed) {
                reported.add(new MemberFailure(outcome.member().name(), Operation.LOAD, outcome.failure()));
            }
            notifyListener(listener, () -> listener.onDegradedLoad(namespace, List.copyOf(reported)));
        }
    }

    private static <T> List<Outcome<T>> answered(List<Outcome<T>> outcomes) {
        List<Outcome<T>> answered = new ArrayList<>(outcomes.size());
        for (Outcome<T> outcome : outcomes) {
            if (outcome.succeeded()) {
                answered.add(outcome);
            }
        }
        return answered;
    }
}
