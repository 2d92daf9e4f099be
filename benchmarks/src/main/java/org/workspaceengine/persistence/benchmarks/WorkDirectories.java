package org.workspaceengine.persistence.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** The benchmarks' scratch directories: deleting one with what it holds, and filling one with a single file. */
public final class WorkDirectories {

    private WorkDirectories() {
    }

    /** Deletes {@code root} and everything under it; nothing if it does not exist. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Makes {@code directory} hold a copy of {@code file} and nothing else; returns the directory. */
    public static Path copyInto(Path file, Path directory) throws IOException {
        deleteTree(directory);
        Files.createDirectories(directory);
        Files.copy(file, directory.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return directory;
    }
}
