package org.workspaceengine.persistence.file;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.workspaceengine.persistence.CorruptDataException;
import org.workspaceengine.persistence.VerificationReport.Kind;
import org.workspaceengine.persistence.VerificationReport.Problem;

/**
 * What a read of a namespace file does with a bad line: a load or compaction fails on it (strict) or skips it
 * (lenient), a verification records it. The scan and the decoding of winners are the same for all three, so a
 * verification finds exactly what makes a strict load fail.
 */
abstract class LogProblems {

    /** Made on first use: SLF4J's start-up costs a fresh JVM about 50 ms, which a store that logs nothing skips. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(LogProblems.class);
    }
    private static final int WARNINGS_PER_READ = 10;

    final Path path;

    private LogProblems(Path path) {
        this.path = path;
    }

    /**
     * Problems of a load or compaction: the first fails it, unless {@code lenient}, which skips each with a warning.
     */
    static Reading reading(Path path, boolean lenient) {
        return new Reading(path, lenient);
    }

    /** Problems of a verification: each is recorded. */
    static Recorded recorded(Path path) {
        return new Recorded(path);
    }

    /** Line {@code lineNumber} is corrupt; {@code line} holds its bytes (null for a line too long to keep). */
    abstract void corrupt(long lineNumber, String problem, Throwable cause, byte[] line);

    /**
     * The last line lacks its newline and is not a complete change: a torn write (or one in progress), not an error.
     */
    abstract void torn(long lineNumber, byte[] bytes, int offset, int length);

    /** The winning line {@code lineNumber} decodes as an envelope but its entity cannot be read. */
    abstract void unreadableEntity(long lineNumber, CorruptDataException problem);

    String location(long lineNumber) {
        return path + " line " + lineNumber;
    }

    /** The strict or lenient handling of loads and compactions. */
    static final class Reading extends LogProblems {
        private final boolean lenient;
        /** The corrupt lines a lenient compaction moves aside, in file order. */
        final List<byte[]> rejected = new ArrayList<>();
        long skipped;

        private Reading(Path path, boolean lenient) {
            super(path);
            this.lenient = lenient;
        }

        @Override
        void corrupt(long lineNumber, String problem, Throwable cause, byte[] line) {
            skip(new CorruptDataException(location(lineNumber), problem, cause), "skipped a corrupt line");
            if (line != null) {
                rejected.add(line);
            }
        }

        @Override
        void torn(long lineNumber, byte[] bytes, int offset, int length) {
            Log.LOG.warn("{} line {}: ignored a torn last line ({} bytes without newline, left by an interrupted write "
                    + "or being written right now)", path, lineNumber, length);
        }

        @Override
        void unreadableEntity(long lineNumber, CorruptDataException problem) {
            skip(problem.at(location(lineNumber)), "skipped an entity that cannot be read");
        }

        private void skip(CorruptDataException located, String what) {
            if (!lenient) {
                throw located;
            }
            skipped++;
            if (skipped <= WARNINGS_PER_READ) {
                Log.LOG.warn("{} (lenient mode): {}", what, located.getMessage());
            }
        }

        /** Logs what was skipped without a warning of its own. */
        void finish(String namespace) {
            if (skipped > WARNINGS_PER_READ) {
                Log.LOG.warn("{}: skipped {} corrupt lines of namespace '{}' in all (lenient mode)", path, skipped,
                        namespace);
            }
        }
    }

    /** The recording of a verification. */
    static final class Recorded extends LogProblems {
        final List<Problem> problems = new ArrayList<>();
        /** Torn last lines seen: 0 or 1. */
        int torn;

        private Recorded(Path path) {
            super(path);
        }

        @Override
        void corrupt(long lineNumber, String problem, Throwable cause, byte[] line) {
            problems.add(new Problem(path.toString(), lineNumber, Kind.CORRUPT, problem));
        }

        @Override
        void torn(long lineNumber, byte[] bytes, int offset, int length) {
            torn++;
            problems.add(new Problem(path.toString(), lineNumber, Kind.TORN, "incomplete last line (no newline), "
                    + "ignored on load and cut off before the next append: "
                    + LogScan.excerpt(bytes, offset, length)));
        }

        @Override
        void unreadableEntity(long lineNumber, CorruptDataException problem) {
            problems.add(new Problem(path.toString(), lineNumber, Kind.CORRUPT, problem.problem()));
        }
    }
}
