package org.workspaceengine.persistence.union;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityKey;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.file.FileStore;
import org.workspaceengine.persistence.kafka.KafkaStore;
import org.workspaceengine.persistence.kafka.broker.KafkaBrokerProcess;
import org.workspaceengine.persistence.tck.TestEntities;

/**
 * The redundant deployment through an outage, with the service killed in the middle of it: a service process
 * ({@link OutageWriter}, a child JVM) saves to a union of Kafka and a file store with a backlog directory; the broker
 * (another child JVM) stops; the service keeps saving, is killed with SIGKILL half-way through, is restarted on the
 * same backlog and saves the rest; then the broker comes back. Afterwards Kafka misses no change, holds each entity
 * once, and loads of Kafka alone, the file alone and the union agree.
 *
 * <p>The default run saves 4,000 changes over a 10-second outage; {@code -Dunion.outage.changes=10000
 * -Dunion.outage.seconds=60} runs the full-size trial.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KillNineOutageTest {

    private static final int TOTAL = Integer.getInteger("union.outage.changes", 4_000);
    private static final int OUTAGE_SECONDS = Integer.getInteger("union.outage.seconds", 10);
    private static final int BATCH = 40;
    private static final Duration WAIT = Duration.ofSeconds(180);

    /** A running {@link OutageWriter}, with what it printed. */
    private static final class Writer {
        final Process process;
        final Thread reader;
        final AtomicInteger acked = new AtomicInteger(-1);
        volatile boolean saved;
        volatile boolean drained;

        Writer(Process process) {
            this.process = process;
            this.reader = new Thread(this::read, "outage-writer-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("acked ")) {
                        acked.set(Integer.parseInt(line.substring(6).trim()));
                    } else if (line.equals("saved")) {
                        saved = true;
                    } else if (line.equals("drained")) {
                        drained = true;
                    }
                }
            } catch (IOException e) {
                // The process was killed.
            }
        }
    }

    @Test
    void kafkaMissesNothingAndHoldsEachEntityOnceAfterAKill9MidOutageARestartAndTheBrokersReturn(
            @TempDir Path brokerDir, @TempDir Path work) throws Exception {
        Path fileDir = work.resolve("file");
        Path backlogDir = work.resolve("backlog");
        // Pace the saves so that they span most of the outage.
        long pauseMillis = Math.max(1, OUTAGE_SECONDS * 700L / (TOTAL / BATCH));
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(brokerDir)) {
            broker.start();
            Writer first = launch(broker, fileDir, backlogDir, work.resolve("writer-1.log"), 0, pauseMillis);
            Writer second = null;
            try {
                awaitFor("the first saves reach both stores", () -> first.acked.get() >= TOTAL / 10, first);
                broker.stop();
                long outageStarted = System.nanoTime();

                awaitFor("half of the changes are saved", () -> first.acked.get() >= TOTAL / 2, first);
                first.process.destroyForcibly(); // SIGKILL: no close, no flush, no checkpoint
                assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                int resumeAt = first.acked.get();

                second = launch(broker, fileDir, backlogDir, work.resolve("writer-2.log"), resumeAt, pauseMillis);
                Writer restarted = second;
                awaitFor("every change is saved", () -> restarted.saved, restarted);
                long outageLeft = TimeUnit.SECONDS.toNanos(OUTAGE_SECONDS) - (System.nanoTime() - outageStarted);
                if (outageLeft > 0) {
                    TimeUnit.NANOSECONDS.sleep(outageLeft); // the outage lasts as long as it was told to
                }
                broker.start();

                awaitFor("the restarted service drained its backlog", () -> restarted.drained, restarted);
                assertThat(restarted.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(restarted.process.exitValue()).isZero();
            } finally {
                first.process.destroyForcibly();
                if (second != null) {
                    second.process.destroyForcibly();
                }
            }
            verify(broker, fileDir);
        }
    }

    private static void verify(KafkaBrokerProcess broker, Path fileDir) {
        EntityTypes types = TestEntities.registry();
        Map<String, Map<EntityKey, Change>> expected = new HashMap<>();
        for (int i = 0; i < TOTAL; i++) {
            Change change = OutageWriter.change(i);
            expected.computeIfAbsent(change.namespace(), ns -> new HashMap<>()).put(change.key(), change);
        }
        try (KafkaStore kafka = KafkaStore.builder().bootstrapServers(broker.bootstrapServers())
                .topic(OutageWriter.TOPIC).readOnly(true).entityTypes(types).build();
             FileStore file = FileStore.builder(fileDir).entityTypes(types).build();
             UnionStore union = UnionStore.builder().member("kafka", kafka).member("file", file).build()) {
            int missing = 0;
            int duplicated = 0;
            for (Map.Entry<String, Map<EntityKey, Change>> namespace : expected.entrySet()) {
                Changes fromKafka = kafka.load(namespace.getKey());
                Map<EntityKey, Change> byKey = new HashMap<>();
                for (Change change : fromKafka) {
                    if (byKey.put(change.key(), change) != null) {
                        duplicated++;
                    }
                }
                for (Change change : namespace.getValue().values()) {
                    if (!change.equals(byKey.get(change.key()))) {
                        missing++;
                    }
                }
                assertThat(file.load(namespace.getKey())).as("file store, %s", namespace.getKey())
                        .containsExactlyElementsOf(fromKafka);
                assertThat(union.load(namespace.getKey())).as("union, %s", namespace.getKey())
                        .containsExactlyElementsOf(fromKafka);
            }
            assertThat(missing).as("changes missing from Kafka").isZero();
            assertThat(duplicated).as("entities Kafka returned twice").isZero();
            assertThat(kafka.listNamespaces()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        }
    }

    private static Writer launch(KafkaBrokerProcess broker, Path fileDir, Path backlogDir, Path log, int from,
                                 long pauseMillis) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), OutageWriter.class.getName(),
                broker.bootstrapServers(), fileDir.toString(), backlogDir.toString(), Integer.toString(from),
                Integer.toString(TOTAL), Integer.toString(BATCH), Long.toString(pauseMillis));
        Files.createDirectories(log.getParent());
        return new Writer(new ProcessBuilder(command).redirectError(log.toFile()).start());
    }

    private static void awaitFor(String what, BooleanSupplier condition, Writer writer) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (!writer.process.isAlive()) {
                writer.reader.join(5_000); // what it printed last
                if (condition.getAsBoolean()) {
                    return;
                }
                throw new AssertionError("the writer exited (" + writer.process.exitValue() + ") before " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
