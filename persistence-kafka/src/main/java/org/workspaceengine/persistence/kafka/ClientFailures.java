package org.workspaceengine.persistence.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreUnavailableException;

/**
 * What a failure to create a Kafka client means for the store. The clients are created when first needed, not when
 * the store is built, so a cluster whose names do not resolve yet (a DNS record that appears with the cluster) fails
 * operations as unavailable instead of failing the store's opening.
 */
final class ClientFailures {

    private ClientFailures() {
    }

    /**
     * The exception for a failure to create the {@code client} (such as "producer") of the store on {@code topic}: a
     * {@link StoreUnavailableException} when no bootstrap server resolves (worth retrying), else a
     * {@link PersistenceException}.
     */
    static PersistenceException creating(String client, String topic, String servers, KafkaException e) {
        String message = "cannot create the Kafka " + client + " for topic '" + topic + "' at " + servers + ": "
                + describe(e);
        return unresolvable(e) ? new StoreUnavailableException(message + ": is the cluster reachable?", e)
                : new PersistenceException(message, e);
    }

    private static boolean unresolvable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigException && String.valueOf(cause.getMessage()).contains("resolvable")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + deepest.getMessage() + ")";
    }
}
