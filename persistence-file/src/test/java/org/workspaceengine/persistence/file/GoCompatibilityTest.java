package org.workspaceengine.persistence.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.workspaceengine.persistence.Change;
import org.workspaceengine.persistence.ChangeType;
import org.workspaceengine.persistence.Changes;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.RawEntity;
import org.workspaceengine.persistence.file.GoEntities.Resource;
import org.workspaceengine.persistence.file.GoEntities.SystemEntity;

/**
 * Files of the Go original load unchanged, and files written here have the Go original's line shape, checked
 * against golden files written by hand from the seed's format ({@code src/test/resources/golden}).
 */
class GoCompatibilityTest {

    @TempDir
    Path directory;

    private FileStore open() {
        FileStore store = FileStore.builder(directory).durability(Durability.FLUSH).build();
        store.registerEntityType("system", SystemEntity.class);
        store.registerEntityType("resource", Resource.class);
        return store;
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = GoCompatibilityTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("test resource golden/%s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void fileWrittenByTheGoOriginalLoadsUnchanged() throws IOException {
        byte[] goFile = golden("go-written.jsonl");
        Files.write(directory.resolve("workspace-1.jsonl"), goFile);

        try (FileStore store = open()) {
            Changes loaded = store.load("workspace-1");

            Map<String, Change> byId = loaded.stream().collect(Collectors.toMap(Change::entityId, Function.identity()));
            assertThat(byId).containsOnlyKeys("sys-123", "res-456", "res-789", "res-big", "sys-html", "sys-gone");
            // +02:00 offset: 14:00:00.5+02:00 is 12:00:00.5Z, later than the stale 12:00:00.4Z line after it.
            assertThat(byId.get("sys-123")).isEqualTo(Change.set("workspace-1",
                    new SystemEntity("sys-123", "Production System v2"), Instant.parse("2025-10-25T12:00:00.5Z")));
            // Extra fields on the line and in the entity are ignored; nine fraction digits are kept.
            assertThat(byId.get("res-789")).isEqualTo(Change.set("workspace-1",
                    new Resource("res-789", "db-1", "RDS"), Instant.parse("2025-10-25T12:02:00.123456789Z")));
            // An unset with a -05:00 offset.
            assertThat(byId.get("res-456")).isEqualTo(Change.unset("workspace-1",
                    new Resource("res-456", "server-1", "EC2Instance"), Instant.parse("2025-10-25T12:03:00.1Z")));
            // A line over 64 KiB.
            assertThat(((Resource) byId.get("res-big").entity()).name()).hasSize(70_000);
            assertThat(byId.get("res-big").timestamp()).isEqualTo(Instant.parse("2025-10-25T12:04:00Z"));
            // Go's HTML escapes and raw UTF-8.
            assertThat(((SystemEntity) byId.get("sys-html").entity()).name()).isEqualTo("a<b> & c ünïcöde \u2028");
            // An unset without a body.
            assertThat(byId.get("sys-gone").changeType()).isEqualTo(ChangeType.UNSET);
            assertThat(byId.get("sys-gone").entity()).isInstanceOf(RawEntity.class);
            assertThat(byId.get("sys-gone").timestamp()).isEqualTo(Instant.parse("2025-10-25T12:06:00Z"));
            assertThat(loaded.asList()).extracting(Change::timestamp).isSorted();
        }
        assertThat(Files.readAllBytes(directory.resolve("workspace-1.jsonl"))).as("loading never rewrites")
                .isEqualTo(goFile);
    }

    @Test
    void goFileStaysLoadableAfterJavaAppendsAndCompacts() throws IOException {
        Files.write(directory.resolve("workspace-1.jsonl"), golden("go-written.jsonl"));
        try (FileStore store = open()) {
            Changes before = store.load("workspace-1");
            store.compact("workspace-1");
            assertThat(store.load("workspace-1")).isEqualTo(before);
            // Compaction keeps each winning line byte for byte, as the Go original wrote it.
            List<String> lines = Files.readAllLines(directory.resolve("workspace-1.jsonl"));
            assertThat(lines).hasSize(6).anyMatch(line -> line.endsWith("\"meta\":{\"a\":[1,2,{\"b\":null}]}}"));
        }
    }

    @Test
    void linesWrittenHereAreByteForByteTheGoOriginalsLines() throws IOException {
        try (FileStore store = open()) {
            store.save(Changes.builder("workspace-1")
                    .set(new SystemEntity("sys-123", "Production System"), Instant.parse("2025-10-25T12:00:00Z"))
                    .set(new Resource("res-456", "server-1", "EC2Instance"), Instant.parse("2025-10-25T12:01:00Z"))
                    .build());
            store.save(Changes.builder("workspace-1")
                    .set(new SystemEntity("sys-html", "a<b> & c ünïcöde \u2028"),
                            Instant.parse("2025-10-25T12:02:00.123450Z"))
                    .unset(new Resource("res-456", "server-1", "EC2Instance"),
                            Instant.parse("2025-10-25T12:03:00.000000001Z"))
                    .build());
            store.save(Changes.builder("workspace-1")
                    .set(new SystemEntity("sys-chars", CHARACTERS), Instant.parse("2025-10-25T12:04:00Z")).build());
        }

        assertThat(directory.resolve("workspace-1.jsonl")).hasBinaryContent(golden("java-written.jsonl"));
    }

    /** Characters Go writes raw (outside the BMP, DEL) or with its own escapes (controls, lower-case hex). */
    private static final String CHARACTERS = "a<b> \uD83D\uDE00\uD834\uDD1E \u0000\u0001\b\t\n\u000b\f\r\u001f\u007f "
            + "\u2028 é";

    @Test
    void charactersOutsideTheBmpAndControlCharactersReadAndWriteAsTheGoOriginalsBytes() throws IOException {
        byte[] goFile = golden("go-written-characters.jsonl");
        Files.write(directory.resolve("workspace-1.jsonl"), goFile);
        Changes loaded;
        try (FileStore store = open()) {
            loaded = store.load("workspace-1");
        }
        Path again = Files.createDirectory(directory.resolve("again"));
        try (FileStore store = FileStore.builder(again).durability(Durability.FLUSH).entityTypes(EntityTypes.create()
                .register("system", SystemEntity.class).register("resource", Resource.class)).build()) {
            store.save(loaded);
        }

        assertThat(loaded.get(0).entity()).isEqualTo(new SystemEntity("sys-chars", CHARACTERS));
        assertThat(loaded.get(1).entity()).isEqualTo(new Resource("res-\uD83D\uDE00", "\u001b[31m",
                "\uD834\uDD1E"));
        assertThat(again.resolve("workspace-1.jsonl")).hasBinaryContent(goFile);
    }

    @Test
    void seedNamespaceMapsToTheGoFileName() {
        try (FileStore store = open()) {
            store.save(Changes.builder("workspace-1").set(new SystemEntity("s", "n")).build());
            store.save(Changes.builder("ws_2.prod-eu").set(new SystemEntity("s", "n")).build());
        }
        assertThat(directory.resolve("workspace-1.jsonl")).isRegularFile();
        assertThat(directory.resolve("ws_2.prod-eu.jsonl")).isRegularFile();
    }
}
