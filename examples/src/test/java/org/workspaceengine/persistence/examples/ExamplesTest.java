package org.workspaceengine.persistence.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.examples.domain.Job;
import org.workspaceengine.persistence.examples.domain.Resource;
import org.workspaceengine.persistence.examples.domain.SystemEntity;
import org.workspaceengine.persistence.examples.domain.WorkspaceEntities;
import org.workspaceengine.persistence.file.FileStore;

class ExamplesTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void quickstartStoresTheLatestStateAndCompactsIt() throws Exception {
        Quickstart.run(dir.resolve("data"), out);

        assertThat(output()).contains("System: Production System", "Resource: server-1 in eu-west-2",
                "Deleted: resource/res-789", "Namespace: workspace-1");
        assertThat(Files.readAllLines(dir.resolve("data/workspace-1.jsonl"))).hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("{\"namespace\":\"workspace-1\",\"changeType\":"));
        Changes state = load(dir.resolve("data"), "workspace-1");
        assertThat(state).extracting(Change::entity).contains(
                new SystemEntity("sys-123", "Production System", "customer-facing services"));
        assertThat(state.stream().filter(Change::isUnset)).extracting(Change::entityId).containsExactly("res-789");
    }

    @Test
    void backupAndRestoreCopyTheCurrentStateWithTimestamps() throws Exception {
        Quickstart.run(dir.resolve("data"), out);

        BackupRestore.run(dir.resolve("data"), dir.resolve("backup"), dir.resolve("restored"), "workspace-1", out);

        assertThat(output()).contains("Backed up workspace-1: 3 entities", "Restored workspace-1: 3 entities");
        assertThat(load(dir.resolve("restored"), "workspace-1")).isEqualTo(load(dir.resolve("data"), "workspace-1"));
    }

    @Test
    void migrationToFilesKeepsTheMemoryStoresState() {
        MigrateMemoryToFile.run(dir.resolve("migrated"), out);

        assertThat(output()).contains("Migrated workspace-2: 4 entities, identical to memory");
        assertThat(load(dir.resolve("migrated"), "workspace-2")).hasSize(4);
    }

    @Test
    void workspaceManagerPersistsAndReloadsAWorkspace() {
        WorkspaceManagerExample.run(dir.resolve("data"), out);

        assertThat(output()).contains("Persisted 4 changes of workspace-3",
                "Reloaded workspace-3: 3 entities, job-1 is successful");
        assertThat(load(dir.resolve("data"), "workspace-3")).extracting(Change::entity)
                .contains(new Job("job-1", "rel-1", "agent-1", "successful"));
    }

    @Test
    void periodicCompactionShrinksTheFileToOneLinePerEntity() throws Exception {
        PeriodicCompaction.run(dir.resolve("data"), out);

        assertThat(output()).contains("Before compaction: 200 lines", "After compaction: 5 lines");
        assertThat(Files.readAllLines(dir.resolve("data/workspace-jobs.jsonl"))).hasSize(5);
    }

    @Test
    void mixingBackendsRepairsTheEmptyMemoryMemberFromTheFile() {
        MixingBackends.run(dir.resolve("mixing"), out);

        assertThat(output()).contains("Memory before the first load: 0 entities", "Union loaded 3 entities",
                "Memory after read-repair: 3 entities");
        assertThat(load(dir.resolve("mixing"), "workspace-5")).hasSize(3);
    }

    @Test
    void redundantDeploymentSavesToKafkaAndToTheFile() {
        RedundantKafkaAndFile.run(dir.resolve("redundant"), out);

        assertThat(output()).contains("Kafka: ", "Union loaded 3 entities", "Kafka holds 3 entities",
                "File holds 3 entities");
        assertThat(load(dir.resolve("redundant"), "workspace-4")).hasSize(3);
    }

    /** The tour, which includes the outage walkthrough: checked here, since it starts a broker of its own. */
    @Test
    void theTourRunsEveryExampleInOrderAndTheOutageWalkthroughsBacklogCatchesKafkaUp() throws Exception {
        Examples.run(List.of(), dir, out);

        List<String> headings = output().lines().filter(line -> line.startsWith("== ")).toList();
        assertThat(headings).hasSize(Examples.all().size());
        assertThat(load(dir.resolve("data"), "workspace-1")).extracting(Change::entity)
                .anySatisfy(entity -> assertThat(entity).isInstanceOf(Resource.class));
        assertThat(output()).contains("is down", "with Kafka down",
                "Saved 3 changes; waiting for each member: {#0 KafkaStore=3, #1 FileStore=0}",
                "Loaded 3 entities (from the file store)", "Kafka is up",
                "came back: {#0 KafkaStore=0, #1 FileStore=0}", "Kafka holds 3 entities of workspace-6");
        assertThat(load(dir.resolve("data-outage/file"), "workspace-6")).hasSize(3);
    }

    @Test
    void anUnknownExampleIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> Examples.run(List.of("quickstart", "nope"), dir, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
        assertThat(output()).isEmpty();
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static Changes load(Path directory, String namespace) {
        try (FileStore store = FileStore.builder(directory).entityTypes(WorkspaceEntities.registry()).build()) {
            return store.load(namespace);
        }
    }
}
