package org.workspaceengine.persistence.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.examples.domain.WorkspaceEntities;
import org.workspaceengine.persistence.file.FileStore;

/**
 * Backup and restore between two file stores, as the seed shows: copy the current state of every namespace from
 * the live store to a backup store, then restore one namespace from the backup into a fresh live store.
 */
public final class BackupRestore {

    private BackupRestore() {
    }

    /**
     * Backs up {@code liveDir} into {@code backupDir}, then restores {@code namespace} from it into
     * {@code restoredDir}.
     */
    public static void run(Path liveDir, Path backupDir, Path restoredDir, String namespace, PrintStream out) {
        EntityTypes types = WorkspaceEntities.registry();

        // Backup: load the current state of each namespace and save it; timestamps are kept, so the backup
        // compacts and merges exactly like the original.
        try (FileStore live = FileStore.builder(liveDir).entityTypes(types).build();
             FileStore backup = FileStore.builder(backupDir).entityTypes(types).build()) {
            for (String ns : live.listNamespaces()) {
                Changes changes = live.load(ns);
                backup.save(changes);
                out.println("Backed up " + ns + ": " + changes.size() + " entities");
            }
        }

        // Restore: load the namespace from the backup and save it into the (new) live store.
        try (FileStore backup = FileStore.builder(backupDir).entityTypes(types).build();
             FileStore restored = FileStore.builder(restoredDir).entityTypes(types).build()) {
            Changes changes = backup.load(namespace);
            restored.save(changes);
            out.println("Restored " + namespace + ": " + restored.load(namespace).size() + " entities");
        }
    }
}
