package org.workspaceengine.persistence.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A child JVM for {@link DirectoryLockTest} that plays a store starting up: it locks {@code args[0]}'s lock file,
 * prints {@code locked}, writes its identity only after {@code args[1]} milliseconds (never when negative), and holds
 * the lock until its stdin closes.
 */
public final class SilentLockHolderMain {

    private SilentLockHolderMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        long delayMillis = Long.parseLong(args[1]);
        try (FileChannel channel = FileChannel.open(Path.of(args[0]).resolve(NamespaceFileNames.LOCK_FILE_NAME),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            channel.truncate(0);
            System.out.println(lock == null ? "not locked" : "locked");
            System.out.flush();
            if (delayMillis >= 0) {
                Thread.sleep(delayMillis); // the moment a store takes between locking and naming itself
                channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "@test-host\n")
                        .getBytes(StandardCharsets.UTF_8)), 0);
            }
            while (System.in.read() >= 0) {
                // Hold the lock until the parent closes our stdin.
            }
        }
    }
}
