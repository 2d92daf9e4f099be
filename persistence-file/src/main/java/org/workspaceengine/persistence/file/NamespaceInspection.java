package org.workspaceengine.persistence.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.EncodedChange;
import org.workspaceengine.persistence.NamespaceStats;
import org.workspaceengine.persistence.PersistenceException;
import org.workspaceengine.persistence.VerificationReport;
import org.workspaceengine.persistence.VerificationReport.Kind;
import org.workspaceengine.persistence.VerificationReport.Problem;
import org.workspaceengine.persistence.WireFormat;
import org.workspaceengine.persistence.spi.LatestWins;

/**
 * Reads a namespace file through, line by line, for operators: its statistics, and every torn or corrupt line.
 * Unlike a load it never stops at the first bad line. It reads the file as it is on disk, without locks, so a line
 * being appended meanwhile may show as a torn tail.
 */
final class NamespaceInspection {

    private final String namespace;
    private final Path file;
    private final WireFormat wireFormat;

    /** An inspection of {@code file}, which may be null or absent when the namespace has no data. */
    NamespaceInspection(String namespace, Path file, WireFormat wireFormat) {
        this.namespace = namespace;
        this.file = file;
        this.wireFormat = wireFormat;
    }

    /** Lines, bytes, and the latest change type per entity of the lines that decode. */
    NamespaceStats stats() {
        LatestWins<ChangeType> latest = new LatestWins<>();
        long[] lines = {0};
        long bytes = scan((line, number, bytesOfLine, length, complete) -> {
            if (!complete) {
                return;
            }
            lines[0]++;
            try {
                EncodedChange encoded = wireFormat.decodeEnvelope(bytesOfLine, 0, length);
                latest.offer(encoded.key(), encoded.timestamp(), encoded.changeType());
            } catch (PersistenceException e) {
                // Counted as a line; verify reports it.
            }
        });
        long unsets = latest.inReplayOrder().stream().filter(type -> type == ChangeType.UNSET).count();
        return new NamespaceStats(namespace, lines[0], bytes, latest.size() - unsets, unsets);
    }

    /** Every line decoded fully (envelope, migrations, entity); each failure and a torn tail reported. */
    VerificationReport verify() {
        List<Problem> problems = new ArrayList<>();
        long[] records = {0};
        String location = String.valueOf(file);
        scan((line, number, bytesOfLine, length, complete) -> {
            records[0]++;
            if (!complete) {
                problems.add(new Problem(location, number, Kind.TORN, "incomplete last line (no newline), "
                        + "ignored on load and cut off before the next append: "
                        + LogScan.excerpt(bytesOfLine, 0, length)));
                return;
            }
            try {
                wireFormat.decode(bytesOfLine, 0, length);
            } catch (PersistenceException e) {
                problems.add(new Problem(location, number, Kind.CORRUPT, e.getMessage() + "; the line starts: "
                        + LogScan.excerpt(bytesOfLine, 0, length)));
            }
        });
        return new VerificationReport(namespace, records[0], problems);
    }

    /** What {@link #scan} passes each non-blank line to. */
    @FunctionalInterface
    private interface LineVisitor {
        void visit(long index, long number, byte[] bytes, int length, boolean complete);
    }

    /** Visits each non-blank line with its 1-based number; returns the file's size (0 when absent). */
    private long scan(LineVisitor visitor) {
        if (file == null) {
            return 0;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            long number = 0;
            long size = 0;
            long visited = 0;
            int read;
            while ((read = in.read(chunk)) > 0) {
                size += read;
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (chunk[i] == '\n') {
                        line.write(chunk, start, i - start);
                        start = i + 1;
                        number++;
                        byte[] bytes = line.toByteArray();
                        if (!isBlank(bytes)) {
                            visitor.visit(visited++, number, bytes, bytes.length, true);
                        }
                        line.reset();
                    }
                }
                line.write(chunk, start, read - start);
            }
            byte[] tail = line.toByteArray();
            if (!isBlank(tail)) {
                visitor.visit(visited, number + 1, tail, tail.length, false);
            }
            return size;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new PersistenceException("cannot read " + file + ": " + e, e);
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
