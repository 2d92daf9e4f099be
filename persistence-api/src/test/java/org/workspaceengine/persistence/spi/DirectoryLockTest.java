package org.workspaceengine.persistence.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.PersistenceException;

class DirectoryLockTest {

    @TempDir
    Path directory;

    private static RuntimeException refusal(Path locked, long pid, String host, String detail) {
        return new IllegalStateException(locked + " held by " + pid + "@" + host + ": " + detail);
    }

    @Test
    void theLockFileHoldsTheHoldersPidAndHostUntilClosed() throws IOException {
        Path real = directory.toRealPath();
        DirectoryLock lock = DirectoryLock.acquire(real, "x.lock", DirectoryLockTest::refusal);
        assertThat(Files.readString(real.resolve("x.lock")))
                .isEqualTo(ProcessHandle.current().pid() + "@" + DirectoryLock.thisHost() + "\n");
        lock.close();
        assertThat(Files.readString(real.resolve("x.lock"))).isEmpty();
    }

    @Test
    void aSecondHolderInThisProcessGetsTheStoresRefusalUntilTheFirstCloses() throws IOException {
        Path real = directory.toRealPath();
        DirectoryLock first = DirectoryLock.acquire(real, "x.lock", DirectoryLockTest::refusal);

        assertThatThrownBy(() -> DirectoryLock.acquire(real, "x.lock", DirectoryLockTest::refusal))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(real + " held by " + ProcessHandle.current().pid() + "@" + DirectoryLock.thisHost()
                        + ": another store in this process has it open");
        first.close();
        DirectoryLock.acquire(real, "x.lock", DirectoryLockTest::refusal).close();
    }

    @Test
    void aLockFileThatCannotBeOpenedFailsNamingIt() throws IOException {
        Path real = directory.toRealPath();
        Files.createDirectory(real.resolve("x.lock"));

        assertThatThrownBy(() -> DirectoryLock.acquire(real, "x.lock", DirectoryLockTest::refusal))
                .isInstanceOf(PersistenceException.class).hasMessageContaining("cannot lock directory " + real)
                .hasMessageContaining("x.lock");
        Files.delete(real.resolve("x.lock"));
        DirectoryLock.acquire(real, "x.lock", DirectoryLockTest::refusal).close();
    }
}
