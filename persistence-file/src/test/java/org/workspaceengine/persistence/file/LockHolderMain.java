package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A child JVM for {@link DirectoryLockTest}: opens a store on {@code args[0]}, prints {@code opened <pid>} (or
 * {@code refused <message>}), and keeps it open until its stdin closes.
 */
public final class LockHolderMain {

    private LockHolderMain() {
    }

    public static void main(String[] args) throws IOException {
        try (FileStore store = FileStore.open(Path.of(args[0]))) {
            System.out.println("opened " + ProcessHandle.current().pid() + " " + store.directory());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the lock until the parent closes our stdin.
            }
        } catch (DirectoryLockedException e) {
            System.out.println("refused " + e.holderPid().orElse(-1) + " " + e.getMessage());
            System.out.flush();
        }
    }
}
