package org.workspaceengine.persistence.spi;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** What stores that keep files need of their directories beyond {@link java.nio.file.Files}. */
public final class Directories {

    private Directories() {
    }

    /**
     * Forces a directory's entries (new, renamed and deleted files) to the disk, so that a rename survives a crash;
     * a no-op where the OS cannot open a directory.
     *
     * @param directory the directory to sync
     * @throws IOException if the directory cannot be opened or forced
     */
    public static void sync(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
                throw e;
            }
            // Windows cannot open a directory as a channel; its renames are durable through the journal.
        }
    }
}
