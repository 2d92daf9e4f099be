package org.workspaceengine.persistence.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.CorruptDataException;

/** Key encoding, partitioning, builder checks and URI parsing: no broker needed. */
class KafkaStoreUnitTest {

    @Test
    void partitionIsKafkasMurmur2OfTheNamespace() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            assertThat(NamespacePartitioner.murmur2(bytes)).as("seed 42, sample %d", i).isEqualTo(Utils.murmur2(bytes));
        }
        for (String namespace : List.of("workspace-1", "ü", "x".repeat(300))) {
            assertThat(NamespacePartitioner.partition(namespace, 7))
                    .isEqualTo(Utils.toPositive(Utils.murmur2(namespace.getBytes(StandardCharsets.UTF_8))) % 7);
        }
    }

    @Test
    void recordSizesAreTheUpperBoundTheKafkaProducerChecks() {
        for (int key : new int[] {0, 1, 20, 63, 64, 100, 8191, 8192}) {
            for (int value : new int[] {-1, 0, 1, 63, 64, 127, 128, 8191, 8192, 1 << 20, (8 << 20) - 100,
                8 << 20}) {
                byte[] keyBytes = new byte[key];
                byte[] valueBytes = value < 0 ? null : new byte[value];
                int kafkas = org.apache.kafka.common.record.internal.AbstractRecords.estimateSizeInBytesUpperBound(
                        org.apache.kafka.common.record.internal.RecordBatch.CURRENT_MAGIC_VALUE,
                        org.apache.kafka.common.record.internal.CompressionType.NONE, keyBytes, valueBytes,
                        org.apache.kafka.common.record.internal.Record.EMPTY_HEADERS);

                assertThat(RecordSizes.upperBound(key, value)).as("key %d, value %d", key, value).isEqualTo(kafkas);
            }
        }
    }

    @Test
    void keysAreUnambiguousAndRoundTrip() {
        List<String[]> samples = List.of(new String[] {"a", "b", "c"}, new String[] {"a\",\"b", "c", "d"},
                new String[] {"a", "b\",\"c", "d"}, new String[] {"\\", "\"", "\n"},
                new String[] {"emoji-\uD83D\uDE80", "t", "lone-\uD800"}, new String[] {"lone-?", "t", "x"},
                new String[] {"\u0001", "\u2028", "\u00e9"});
        Set<String> distinct = new HashSet<>();
        for (String[] parts : samples) {
            byte[] key = RecordKeys.encode(parts[0], parts[1], parts[2]);
            assertThat(RecordKeys.decode(key)).containsExactly(parts);
            assertThat(Bytes.of(key).startsWith(RecordKeys.namespacePrefix(parts[0]))).isTrue();
            assertThat(distinct.add(new String(key, StandardCharsets.UTF_8))).isTrue();
        }
        assertThat(Bytes.of(RecordKeys.encode("ab", "t", "i")).startsWith(RecordKeys.namespacePrefix("a"))).isFalse();
        assertThat(Bytes.of(RecordKeys.encode("a", "t", "i")).startsWith(RecordKeys.namespacePrefix("ab"))).isFalse();
    }

    @Test
    void aKeyInAnotherEncodingOfTheSameEntityIsReencodedTheWayThisStoreWritesIt() {
        int prefixLength = RecordKeys.namespacePrefix("ws").length;
        byte[] written = RecordKeys.encode("ws", "t", "A b");
        byte[] escaped = "[\"ws\",\"t\",\"\\u0041 b\"]".getBytes(StandardCharsets.UTF_8);
        // A view into a larger array, as a load sees keys in fetched data.
        byte[] framed = ("xx" + new String(written, StandardCharsets.UTF_8) + "yy").getBytes(StandardCharsets.UTF_8);

        assertThat(RecordKeys.isCanonical(Bytes.of(written), prefixLength)).isTrue();
        assertThat(RecordKeys.isCanonical(new Bytes(framed, 2, written.length), prefixLength)).isTrue();
        assertThat(RecordKeys.isCanonical(Bytes.of(escaped), prefixLength)).isFalse();
        assertThat(RecordKeys.canonical(escaped)).isEqualTo(written);
    }

    @Test
    void keysNeedingEscapesOrBeyondAsciiAreReencodedToThemselves() {
        for (String id : List.of("caf\u00e9", "quote\"d", "tab\t", "emoji-\uD83D\uDE80")) {
            byte[] written = RecordKeys.encode("ws", "t", id);
            int prefixLength = RecordKeys.namespacePrefix("ws").length;

            assertThat(RecordKeys.isCanonical(Bytes.of(written), prefixLength)).as(id).isFalse();
            assertThat(RecordKeys.canonical(written)).as(id).isEqualTo(written);
        }
    }

    @Test
    void aKeyWithABlankTypeOrIdIsNotCanonicalAndIsCorruptData() {
        int prefixLength = RecordKeys.namespacePrefix("ws").length;
        for (String key : List.of("[\"ws\",\"  \",\"a\"]", "[\"ws\",\"t\",\" \"]", "[\"ws\",\"t\",\"\"]")) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);

            assertThat(RecordKeys.isCanonical(Bytes.of(bytes), prefixLength)).as(key).isFalse();
            assertThatThrownBy(() -> RecordKeys.canonical(bytes)).as(key)
                    .isInstanceOf(CorruptDataException.class);
        }
    }

    @Test
    void aKeyThatIsNotJsonInUtf8IsCorruptDataRatherThanReadLeniently() {
        int prefixLength = RecordKeys.namespacePrefix("ws").length;
        byte[] open = "[\"ws\",\"t\",\"".getBytes(StandardCharsets.UTF_8);
        // Lenient decoding would read the first two as the same id (U+FFFD) and keep the control character.
        for (byte[] id : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xfe}, new byte[] {(byte) 0xc3},
                new byte[] {'a', 0x01})) {
            byte[] key = new byte[open.length + id.length + 2];
            System.arraycopy(open, 0, key, 0, open.length);
            System.arraycopy(id, 0, key, open.length, id.length);
            key[key.length - 2] = '"';
            key[key.length - 1] = ']';

            assertThat(RecordKeys.isCanonical(Bytes.of(key), prefixLength)).isFalse();
            assertThatThrownBy(() -> RecordKeys.canonical(key))
                    .as("id bytes %s", Arrays.toString(id))
                    .isInstanceOf(CorruptDataException.class).hasMessageContaining("record key is not");
        }
    }

    @Test
    void plainKeysAreWrittenAsTheirOwnBytesAndEscapedKeysAsJson() {
        assertThat(new String(RecordKeys.encode("workspace-1", "system", "sys 1/a~"), StandardCharsets.UTF_8))
                .isEqualTo("[\"workspace-1\",\"system\",\"sys 1/a~\"]");
        assertThat(new String(RecordKeys.encode("ws", "t", "a\u007fb\"c\u00e9"), StandardCharsets.UTF_8))
                .isEqualTo("[\"ws\",\"t\",\"a\u007fb\\\"c\u00e9\"]");
    }

    @Test
    void foreignKeysAreCorruptData() {
        assertThatThrownBy(() -> RecordKeys.decode("plain".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("plain");
        assertThatThrownBy(() -> RecordKeys.decode("[\"a\",\"b\"]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CorruptDataException.class);
    }

    @Test
    void builderRefusesARepeatedSettingWithAnotherValueNamingTheEarlierOne() {
        KafkaStoreBuilder builder = KafkaStore.builder().topic("t").saveTimeout(Duration.ofSeconds(5));

        assertThatThrownBy(() -> builder.topic("u")).isInstanceOf(IllegalStateException.class)
                .hasMessage("topic was already set to 't'");
        assertThatThrownBy(() -> builder.saveTimeout(Duration.ofSeconds(6)))
                .hasMessageContaining("saveTimeout was already set to 'PT5S'");
        builder.topic("t");
    }

    @Test
    void builderRefusesMissingAndContraryAndInvalidSettings() {
        assertThatThrownBy(() -> KafkaStore.builder().topic("t").build()).hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> KafkaStore.builder().bootstrapServers("h:1").build()).hasMessageContaining("topic");
        assertThatThrownBy(() -> KafkaStore.builder().bootstrapServers("h:1").topic("t").clientProperty("acks", "1")
                .build()).hasMessageContaining("acks=all");
        assertThatThrownBy(() -> KafkaStore.builder().bootstrapServers("h:1").topic("t")
                .clientProperty("group.id", "g").build()).hasMessageContaining("group.id");
        assertThatThrownBy(() -> KafkaStore.builder().bootstrapServers("h:1").topic("t")
                .clientProperty("transactional.id", "x").build()).hasMessageContaining("transactional(true)");
        assertThatThrownBy(() -> KafkaStore.builder().topic("bad/topic")).hasMessageContaining("bad/topic");
        assertThatThrownBy(() -> KafkaStore.builder().partitions(0)).hasMessageContaining("partitions");
        assertThatThrownBy(() -> KafkaStore.builder().saveTimeout(Duration.ZERO)).hasMessageContaining("saveTimeout");
    }

    @Test
    void aSecretClientPropertySetTwiceIsNotShownInTheError() {
        KafkaStoreBuilder builder = KafkaStore.builder().clientProperty("ssl.key.password", "first-secret");

        assertThatThrownBy(() -> builder.clientProperty("ssl.key.password", "second"))
                .hasMessageContaining("[hidden]").satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("first-secret").doesNotContain("second"));
    }

    @Test
    void secretPropertiesAreRecognized() {
        assertThat(List.of("sasl.jaas.config", "ssl.keystore.password", "ssl.key.password", "ssl.truststore.password",
                "ssl.keystore.key", "sasl.oauthbearer.client.credentials.client.secret", "my.api.token"))
                .allMatch(ClientProperties::isSecret);
        assertThat(List.of("security.protocol", "client.id", "ssl.truststore.location", "linger.ms"))
                .noneMatch(ClientProperties::isSecret);
    }

    @Test
    void uriGivesServersTopicOptionsAndClientProperties() {
        KafkaStoreBuilder builder = KafkaStoreProvider.builder(URI.create(
                "kafka://h1:9092,h2:9092/state?partitions=3&transactional=true&loadTimeout=2m&security.protocol=SSL"));

        assertThatThrownBy(() -> builder.bootstrapServers("other:1")).hasMessageContaining("'h1:9092,h2:9092'");
        assertThatThrownBy(() -> builder.topic("x")).hasMessageContaining("'state'");
        assertThatThrownBy(() -> builder.partitions(4)).hasMessageContaining("3");
        assertThatThrownBy(() -> builder.loadTimeout(Duration.ofSeconds(1))).hasMessageContaining("PT2M");
        assertThatThrownBy(() -> builder.clientProperty("security.protocol", "PLAINTEXT"))
                .hasMessageContaining("'SSL'");
    }

    @Test
    void malformedUrisAreRefusedClearly() {
        assertThatThrownBy(() -> KafkaStoreProvider.builder(URI.create("kafka:///topic")))
                .hasMessageContaining("names no broker");
        assertThatThrownBy(() -> KafkaStoreProvider.builder(URI.create("kafka://h:1/")))
                .hasMessageContaining("one topic");
        assertThatThrownBy(() -> KafkaStoreProvider.builder(URI.create("kafka://user:pw@h:1/t")))
                .hasMessageContaining("credentials").satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
        assertThatThrownBy(() -> KafkaStoreProvider.builder(URI.create("kafka://h:1/t?partitons=3")))
                .hasMessageContaining("partitons");
    }
}
