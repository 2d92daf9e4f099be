package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chunked, parallel line reader gives exactly what a plain split of the file gives, in order. */
class FileChunkReaderTest {

    private static ExecutorService pool;

    @TempDir
    Path directory;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void chunkedParallelReadingMatchesAPlainSplitForRandomFiles() throws Exception {
        for (int trial = 0; trial < 300; trial++) {
            long seed = 1000L + trial;
            Random random = new Random(seed);
            int chunk = 8 + random.nextInt(100);
            int maxLine = 20 + random.nextInt(300);
            byte[] content = randomContent(random, maxLine);
            Path file = directory.resolve("f" + trial);
            Files.write(file, content);
            List<String> expected = reference(content, maxLine);
            for (boolean parallel : new boolean[] {false, true}) {
                List<String> actual = read(file, parallel, chunk, maxLine);
                assertThat(actual).as("seed %d, chunk %d, max line %d, parallel %s", seed, chunk, maxLine, parallel)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void emptyRegionHasNoLines() throws Exception {
        Path file = directory.resolve("empty");
        Files.write(file, new byte[0]);
        assertThat(read(file, true, 16, 100)).containsExactly("lines 0");
    }

    private static byte[] randomContent(Random random, int maxLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = random.nextInt(60);
        for (int i = 0; i < lines; i++) {
            int length = switch (random.nextInt(10)) {
                case 0 -> 0;
                case 1 -> maxLine - 1 + random.nextInt(3);
                case 2 -> maxLine * (2 + random.nextInt(4));
                default -> random.nextInt(maxLine);
            };
            for (int b = 0; b < length; b++) {
                out.write('a' + random.nextInt(26));
            }
            if (i < lines - 1 || random.nextBoolean()) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static List<String> reference(byte[] content, int maxLine) {
        List<String> events = new ArrayList<>();
        int start = 0;
        long line = 1;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                int length = i - start;
                if (length >= maxLine) {
                    events.add("too long " + line + " " + length);
                } else if (length > 0) {
                    events.add("line " + line + " " + new String(content, start, length, StandardCharsets.US_ASCII)
                            + "@" + start);
                }
                line++;
                start = i + 1;
            }
        }
        int tail = content.length - start;
        if (tail >= maxLine) {
            events.add("too long " + line + " " + tail);
        } else if (tail > 0) {
            events.add("tail " + line + " " + new String(content, start, tail, StandardCharsets.US_ASCII) + "@"
                    + start);
        }
        events.add("lines " + (line - 1));
        return events;
    }

    /** The lines of a chunk as {@code text@position}, null for empty ones. */
    private record Split(List<String> texts) implements FileChunkReader.Decoded {
        @Override
        public int lines() {
            return texts.size();
        }
    }

    private static Split split(byte[] bytes, int offset, int length, long position) {
        assertThat(bytes[offset + length - 1]).as("a decoded run ends with a newline").isEqualTo((byte) '\n');
        List<String> texts = new ArrayList<>();
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                texts.add(i == start ? null : new String(bytes, start, i - start, StandardCharsets.US_ASCII) + "@"
                        + (position + start - offset));
                start = i + 1;
            }
        }
        return new Split(texts);
    }

    private static List<String> read(Path file, boolean parallel, int chunk, int maxLine) throws Exception {
        List<String> events = new ArrayList<>();
        long size = Files.size(file);
        FileChunkReader<Split> reader = new FileChunkReader<>(parallel ? pool : null, 3, FileChunkReaderTest::split, chunk,
                maxLine);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long lines = reader.read(channel, channel.size(), new FileChunkReader.Consumer<>() {
                @Override
                public void lines(Split result, long firstLine) {
                    for (int i = 0; i < result.lines(); i++) {
                        if (result.texts().get(i) != null) {
                            events.add("line " + (firstLine + i) + " " + result.texts().get(i));
                        }
                    }
                }

                @Override
                public void tail(byte[] bytes, int offset, int length, long position, long lineNumber) {
                    events.add("tail " + lineNumber + " " + new String(bytes, offset, length,
                            StandardCharsets.US_ASCII) + "@" + position);
                }

                @Override
                public void tooLong(long lineNumber, long length) {
                    events.add("too long " + lineNumber + " " + length);
                }

                @Override
                public void progress(long bytesRead) {
                    assertThat(bytesRead).isLessThanOrEqualTo(size);
                }
            });
            events.add("lines " + lines);
        }
        return events;
    }
}
