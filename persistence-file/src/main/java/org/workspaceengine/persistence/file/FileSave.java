package org.workspaceengine.persistence.file;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.RejectedChangeException;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * One save of a file store: every change encoded into its namespace's batch of lines and checked against the line
 * limit before anything is written ({@link #prepare}), then the batches appended namespace by namespace and, under
 * {@link Durability#FSYNC}, forced to the disk ({@link #commit}).
 */
final class FileSave {

    private final Map<NamespaceLog, Batch> batches = new LinkedHashMap<>();
    private final boolean fsync;

    private FileSave(boolean fsync) {
        this.fsync = fsync;
    }

    /**
     * Encodes {@code changes} into one batch per namespace.
     *
     * @param logs the log of a namespace
     * @param announce whether to tell each log at once that a save is coming (under {@link Durability#FSYNC}, an
     *     fsync running meanwhile then waits a moment for these lines); {@link #commit} must follow
     * @throws RejectedChangeException if a change does not encode, or its line would pass
     *     {@link FileStore#MAX_LINE_BYTES}; nothing is written
     */
    static FileSave prepare(Changes changes, WireFormat wireFormat, Durability durability,
                            Function<String, NamespaceLog> logs, boolean announce) {
        FileSave save = new FileSave(durability == Durability.FSYNC);
        boolean announced = announce && save.fsync;
        try {
            for (Change change : changes) {
                NamespaceLog log = logs.apply(change.namespace());
                Batch batch = save.batches.get(log);
                if (batch == null) {
                    batch = new Batch();
                    save.batches.put(log, batch);
                    if (announced) {
                        log.beginSave();
                        batch.coming = true;
                    }
                }
                byte[] line = wireFormat.encode(change);
                if (line.length >= FileStore.MAX_LINE_BYTES) {
                    throw new RejectedChangeException(change.namespace(), change.key(), "it encodes to a line of "
                            + (line.length + 1L) + " bytes with its newline, more than the " + FileStore.MAX_LINE_BYTES
                            + " bytes a line of the file store may hold", null);
                }
                batch.add(line);
            }
        } catch (RuntimeException e) {
            save.batches.forEach((log, batch) -> batch.arrived(log));
            throw e;
        }
        return save;
    }

    /**
     * Appends the batches and, under {@link Durability#FSYNC}, forces them to the disk.
     *
     * @return the logs written
     * @throws PersistenceException naming the namespace that failed and those already written
     */
    List<NamespaceLog> commit() {
        List<NamespaceLog.Appended> appended = new ArrayList<>(batches.size());
        try {
            List<String> written = new ArrayList<>();
            for (Map.Entry<NamespaceLog, Batch> entry : batches.entrySet()) {
                NamespaceLog log = entry.getKey();
                Batch batch = entry.getValue();
                if (fsync && !batch.coming) {
                    log.beginSave();
                    batch.coming = true;
                }
                try {
                    appended.add(log.append(batch.bytes(), batch.count));
                } catch (PersistenceException e) {
                    String before = written.isEmpty() ? "" : " (namespaces " + written + " of this save were written)";
                    throw new PersistenceException("saving namespace '" + log.namespace() + "' failed" + before + ": "
                            + e.getMessage(), e);
                } finally {
                    batch.arrived(log);
                }
                written.add(log.namespace());
            }
        } finally {
            batches.forEach((log, batch) -> batch.arrived(log)); // those a failure kept from appending
        }
        if (fsync) {
            int i = 0;
            for (NamespaceLog log : batches.keySet()) {
                log.sync(appended.get(i++));
            }
        }
        return new ArrayList<>(batches.keySet());
    }

    /** The changes the commit appends. */
    int changes() {
        int changes = 0;
        for (Batch batch : batches.values()) {
            changes += batch.count;
        }
        return changes;
    }

    /** The bytes the commit appends, newlines included. */
    long bytes() {
        long bytes = 0;
        for (Batch batch : batches.values()) {
            bytes += batch.length;
        }
        return bytes;
    }

    /** The encoded lines of one namespace in one save. */
    private static final class Batch {
        private byte[] bytes = new byte[512];
        private int length;
        private int count;
        private boolean coming; // counted in its log's saves coming (FSYNC)

        /** Ends this batch's count in {@code log}'s saves coming, once. */
        void arrived(NamespaceLog log) {
            if (coming) {
                coming = false;
                log.endSave();
            }
        }

        void add(byte[] line) {
            int needed = Math.addExact(Math.addExact(length, line.length), 1);
            if (needed > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max(needed, bytes.length * 2L)));
            }
            System.arraycopy(line, 0, bytes, length, line.length);
            bytes[length + line.length] = '\n';
            length = needed;
            count++;
        }

        byte[] bytes() {
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }
    }
}
