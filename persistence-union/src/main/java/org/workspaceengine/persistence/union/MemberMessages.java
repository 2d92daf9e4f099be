package org.workspaceengine.persistence.union;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.union.MemberCalls.Outcome;
import org.workspaceengine.persistence.union.MemberFailure.Operation;

/**
 * How a union speaks of its members: the exceptions and messages that name failed members, and the listener calls
 * that must not break the operation that makes them.
 */
final class MemberMessages {

    // Under the union's name, where users configure its logging.
    private static final Logger LOG = LoggerFactory.getLogger(UnionStore.class);

    private MemberMessages() {
    }

    /**
     * An exception for {@code failed}: a {@link StoreUnavailableException} when every failure is one. With
     * {@code causeFirst} the first failure is the cause and the rest are suppressed; otherwise all are suppressed.
     */
    static PersistenceException combined(String message, List<? extends Outcome<?>> failed,
                                                 boolean causeFirst) {
        boolean retriable = true;
        for (Outcome<?> outcome : failed) {
            retriable &= outcome.failure() instanceof StoreUnavailableException;
        }
        Throwable cause = causeFirst ? failed.get(0).failure() : null;
        PersistenceException exception = retriable ? new StoreUnavailableException(message, cause)
                : new PersistenceException(message, cause);
        for (int i = causeFirst ? 1 : 0; i < failed.size(); i++) {
            exception.addSuppressed(failed.get(i).failure());
        }
        return exception;
    }

    /** Runs {@code event}, a call of {@code listener}: a listener that throws is logged and otherwise ignored. */
    static void notifyListener(UnionListener listener, Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("union listener {} threw; ignored", listener, e);
        }
    }

    /** The failed outcomes, each reported to {@code listener} as a failure of {@code operation}. */
    static <T> List<Outcome<T>> reportFailures(List<Outcome<T>> outcomes, Operation operation,
                                               UnionListener listener) {
        List<Outcome<T>> failed = new ArrayList<>();
        for (Outcome<T> outcome : outcomes) {
            if (!outcome.succeeded()) {
                failed.add(outcome);
                MemberFailure reported = new MemberFailure(outcome.member().name(), operation, outcome.failure());
                notifyListener(listener, () -> listener.onMemberFailure(reported));
            }
        }
        return failed;
    }

    static String memberWord(List<?> failed) {
        return failed.size() == 1 ? "member" : "members";
    }

    static String names(List<?> items) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            Member member = item instanceof Outcome<?> outcome ? outcome.member() : (Member) item;
            text.append(i == 0 ? "" : i == items.size() - 1 ? " and " : ", ").append(member.quoted());
        }
        return text.toString();
    }

    static String details(List<? extends Outcome<?>> failed) {
        StringBuilder text = new StringBuilder();
        for (Outcome<?> outcome : failed) {
            text.append(text.length() == 0 ? "" : "; ").append(outcome.member().quoted()).append(": ")
                    .append(message(outcome.failure()));
        }
        return text.toString();
    }

    /** A failure's type and message, for log lines and exception messages. */
    static String message(Throwable failure) {
        String message = failure.getMessage();
        String type = failure.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    static String describeNamespaces(Changes changes) {
        Set<String> namespaces = changes.namespaces();
        if (namespaces.size() == 1) {
            return "namespace '" + namespaces.iterator().next() + "'";
        }
        StringBuilder text = new StringBuilder("namespaces ");
        int shown = 0;
        for (String namespace : namespaces) {
            if (shown == 3) {
                return text.append(" and ").append(namespaces.size() - shown).append(" more").toString();
            }
            text.append(shown == 0 ? "" : ", ").append('\'').append(namespace).append('\'');
            shown++;
        }
        return text.toString();
    }
}
