package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.tck.TestEntities;
import org.workspaceengine.persistence.tck.TestEntities.Widget;

/**
 * A full disk never undoes a save that returned, whatever the durability: the failed write leaves the file in whole
 * lines, the changes acknowledged before it (buffered ones included) are kept, and saves work again once space is
 * back. Tested with an injected full disk, and on a real small file system where the test may mount one.
 */
class FullDiskTest {

    private static final Instant T0 = Instant.parse("2025-10-25T12:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Durability.class)
    void aFullDiskLosesNoAcknowledgedChangeAndSavesWorkAgainOnceSpaceIsBack(Durability durability) {
        LimitedDisk disk = new LimitedDisk(100 * 1024);
        List<Change> acknowledged = fillThenFree(open(dir, durability, disk), () -> disk.release(10 << 20));

        assertEveryAcknowledgedChangeIsStored(dir, acknowledged);
    }

    @Test
    void closingWhenBufferedChangesCannotBeWrittenSaysTheyAreLost() {
        LimitedDisk disk = new LimitedDisk(100); // room for the lock file only
        FileStore store = open(dir, Durability.NONE, disk);
        store.save(Changes.builder("ns").set(widget(1), T0).build()); // buffered: a save that returned

        assertThatThrownBy(store::close).isInstanceOf(PersistenceException.class)
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("bytes of acknowledged changes buffered under Durability.NONE could not be "
                        + "written and are lost");
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void aRealFullFileSystemLosesNoAcknowledgedChange(Durability durability) throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()),
                "cannot mount a small tmpfs here (needs root)");
        try {
            Path filler = mount.resolve("filler");
            Files.write(filler, new byte[256 * 1024]);
            Path data = mount.resolve("data");
            List<Change> acknowledged = fillThenFree(open(data, durability, UnaryOperator.identity()), () -> {
                try {
                    Files.delete(filler);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });

            assertEveryAcknowledgedChangeIsStored(data, acknowledged);
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    /**
     * Saves one change at a time until saves fail for lack of space (and a few times more), runs {@code freeSpace},
     * saves twenty more that must succeed, and closes the store.
     *
     * @return the changes whose save returned
     */
    private static List<Change> fillThenFree(FileStore store, Runnable freeSpace) {
        List<Change> acknowledged = new ArrayList<>();
        int failures = 0;
        int next = 0;
        try (store) {
            while (failures < 5) {
                assertThat(next).as("saves keep succeeding on a full disk").isLessThan(50_000);
                Change change = Change.set("ns", widget(next++), T0.plusNanos(next));
                try {
                    store.save(Changes.of(change));
                    acknowledged.add(change);
                } catch (PersistenceException e) {
                    assertThat(e).hasMessageContaining("No space left on device");
                    failures++;
                }
            }
            freeSpace.run();
            for (int i = 0; i < 20; i++) {
                Change change = Change.set("ns", widget(next++), T0.plusNanos(next));
                store.save(Changes.of(change));
                acknowledged.add(change);
            }
        }
        return acknowledged;
    }

    private static void assertEveryAcknowledgedChangeIsStored(Path directory, List<Change> acknowledged) {
        try (FileStore reopened = FileStore.builder(directory).entityTypes(TestEntities.registry()).build()) {
            assertThat(reopened.verify("ns").problems()).as("whole lines only").isEmpty();
            assertThat(reopened.load("ns")).containsExactlyInAnyOrderElementsOf(acknowledged);
        }
    }

    private static FileStore open(Path directory, Durability durability, UnaryOperator<java.nio.channels.FileChannel> channels) {
        return FileStore.builder(directory).entityTypes(TestEntities.registry()).durability(durability)
                .autoCompaction(false).wrapChannels(channels).build();
    }

    private static Widget widget(int i) {
        return new Widget("w" + i, "widget " + i, i, Map.of(), "x".repeat(300));
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
