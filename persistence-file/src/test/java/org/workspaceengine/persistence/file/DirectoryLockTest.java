package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.StoreUnavailableException;
import org.workspaceengine.persistence.spi.DirectoryLock;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

@Timeout(120)
class DirectoryLockTest {

    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @TempDir
    Path logs;

    @Test
    void secondStoreOnTheSameDirectoryIsRefusedNamingDirectoryAndPid() throws Exception {
        try (FileStore first = FileStore.open(directory)) {
            assertThatThrownBy(() -> FileStore.open(directory))
                    .isInstanceOf(DirectoryLockedException.class).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(directory.toRealPath().toString())
                    .hasMessageContaining(String.valueOf(ProcessHandle.current().pid()))
                    .satisfies(e -> assertThat(((DirectoryLockedException) e).holderPid())
                            .hasValue(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> FileStore.open(directory.resolve("..").resolve(directory.getFileName())))
                    .as("another spelling of the same directory").isInstanceOf(DirectoryLockedException.class);
            assertThat(first.listNamespaces()).isEmpty();
        }
    }

    @Test
    void directoryCanBeOpenedAgainAfterClose() {
        FileStore.open(directory).close();
        try (FileStore again = FileStore.open(directory)) {
            assertThat(again.isReadOnly()).isFalse();
        }
    }

    @Test
    void readOnlyStoreOpensADirectoryAnotherStoreHoldsAndSeesItsSaves() {
        Instant t0 = Instant.parse("2025-10-25T12:00:00Z");
        try (FileStore writer = FileStore.builder(directory).entityTypes(TestEntities.registry()).build();
             FileStore reader = FileStore.builder(directory).entityTypes(TestEntities.registry()).readOnly(true)
                     .build()) {
            writer.save(Changes.builder("ns").set(Widget.of("w1", 1), t0).build());

            assertThat(reader.load("ns")).hasSize(1);
            assertThat(reader.listNamespaces()).containsExactly("ns");
            assertThatThrownBy(() -> reader.save(Changes.builder("ns").set(Widget.of("w2", 1), t0).build()))
                    .isInstanceOf(PersistenceException.class).hasMessageContaining("read-only");
            assertThatThrownBy(() -> reader.compact("ns")).hasMessageContaining("read-only");
        }
    }

    @Test
    void readOnlyStoreOfAMissingDirectoryFailsClearly() {
        Path missing = directory.resolve("missing");
        assertThatThrownBy(() -> FileStore.builder(missing).readOnly(true).build())
                .isInstanceOf(PersistenceException.class).hasMessageContaining(missing.toString());
        assertThat(missing).doesNotExist();
    }

    @Test
    void secondProcessIsRefusedWhileThisOneHoldsTheDirectory() throws Exception {
        try (FileStore held = FileStore.open(directory);
             ChildJvm child = ChildJvm.start(LockHolderMain.class, logs.resolve("child.log"),
                     directory.toString())) {
            String line = child.awaitLine("", CHILD_TIMEOUT);
            assertThat(line).startsWith("refused " + ProcessHandle.current().pid())
                    .contains(directory.toRealPath().toString());
            assertThat(held.directory()).isEqualTo(directory.toAbsolutePath());
        }
    }

    @Test
    void thisProcessIsRefusedWhileAnotherOneHoldsTheDirectoryAndMayOpenItAfterwards() throws Exception {
        try (ChildJvm child = ChildJvm.start(LockHolderMain.class, logs.resolve("child.log"),
                directory.toString())) {
            child.awaitLine("opened", CHILD_TIMEOUT);

            assertThatThrownBy(() -> FileStore.open(directory)).isInstanceOf(DirectoryLockedException.class)
                    .hasMessageContaining("process " + child.pid())
                    .hasMessageContaining(directory.toRealPath().toString());

            assertThat(child.finish(CHILD_TIMEOUT)).isZero();
        }
        try (FileStore store = FileStore.open(directory)) {
            assertThat(Files.exists(store.directory().resolve(".lock"))).isTrue();
        }
    }

    @Test
    void lockOfAKilledProcessIsReleasedByTheOperatingSystem() throws Exception {
        try (ChildJvm child = ChildJvm.start(LockHolderMain.class, logs.resolve("child.log"),
                directory.toString())) {
            child.awaitLine("opened", CHILD_TIMEOUT);
            child.kill();
        }
        try (FileStore store = FileStore.open(directory)) {
            assertThat(store.listNamespaces()).isEmpty();
        }
    }

    @Test
    void aRefusedStoreLearnsTheHoldersPidAndHostEvenWhenTheHolderWritesThemLate() throws Exception {
        try (ChildJvm child = ChildJvm.start(SilentLockHolderMain.class, logs.resolve("child.log"),
                directory.toString(), "300")) {
            child.awaitLine("locked", CHILD_TIMEOUT);

            assertThatThrownBy(() -> FileStore.open(directory)).isInstanceOf(DirectoryLockedException.class)
                    .hasMessageContaining("process " + child.pid() + " on host test-host")
                    .satisfies(e -> assertThat(((DirectoryLockedException) e).holderHost()).hasValue("test-host"));
        }
    }

    @Test
    void aHolderThatHasNotNamedItselfIsSaidToBeStartingUp() throws Exception {
        try (ChildJvm child = ChildJvm.start(SilentLockHolderMain.class, logs.resolve("child.log"),
                directory.toString(), "-1")) {
            child.awaitLine("locked", CHILD_TIMEOUT);

            assertThatThrownBy(() -> FileStore.open(directory)).isInstanceOf(DirectoryLockedException.class)
                    .hasMessageContaining("the holder is starting up")
                    .satisfies(e -> assertThat(((DirectoryLockedException) e).holderPid()).isEmpty());
        }
    }

    @Test
    void theLockFileNamesThisProcessAndHost() throws Exception {
        try (FileStore store = FileStore.open(directory)) {
            assertThat(Files.readString(store.directory().resolve(".lock")))
                    .isEqualTo(ProcessHandle.current().pid() + "@" + DirectoryLock.thisHost() + "\n");
        }
    }
}
