package org.workspaceengine.persistence.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.workspaceengine.persistence.EntityTypes;

class JsonTextTest {

    private static final int DEPTH = 100;

    @Test
    void acceptsEveryKindOfValueWithWhitespaceBetweenTokens() {
        for (String json : new String[] {"{}", "[]", "0", "-0", "1e400", "-12.5E-3", "1E+2", "\"\"", "true", "false",
            "null", " { \"a\" : [ 1 , 2.0 , { } , [ ] ] ,\t\"b\":\r\n\"x\" } ", "\"\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\"",
            "\"é😀\u007f\"", "123456789012345678901234567890.123456789"}) {
            assertThat(problem(json)).as(json).isNull();
        }
    }

    @Test
    void refusesWhatIsNotOneJsonValue() {
        assertThat(problem("")).contains("ends where a value should start");
        assertThat(problem("{} {}")).contains("after the value");
        assertThat(problem("{\"a\" 1}")).contains("expected ':'");
        assertThat(problem("{\"a\":1,}")).contains("expected a field name");
        assertThat(problem("[1,]")).contains("where a value should start");
        assertThat(problem("[1 2]")).contains("expected ',' or ']'");
        assertThat(problem("{1:2}")).contains("expected a field name");
        assertThat(problem("01")).contains("after the value");
        assertThat(problem("1.")).contains("malformed number");
        assertThat(problem("-")).contains("malformed number");
        assertThat(problem("1e")).contains("malformed number");
        assertThat(problem("+1")).contains("where a value should start");
        assertThat(problem("NaN")).contains("where a value should start");
        assertThat(problem("tru")).contains("where a value should start");
        assertThat(problem("\"abc")).contains("not closed");
        assertThat(problem("\"\\x\"")).contains("invalid escape");
        assertThat(problem("\"\\u12g4\"")).contains("invalid \\u escape");
        assertThat(problem("\"a\tb\"")).contains("control character U+0009");
    }

    @Test
    void refusesEscapedSurrogatesThatAreNotPairs() {
        assertThat(problem("\"\\udc00\"")).contains("unpaired surrogate \\udc00");
        assertThat(problem("\"\\ud800\"")).contains("unpaired surrogate \\ud800");
        assertThat(problem("\"\\ud800x\"")).contains("unpaired surrogate");
        assertThat(problem("\"\\ud800\\u0041\"")).contains("unpaired surrogate");
        assertThat(problem("\"\\ud800\\ud800\"")).contains("unpaired surrogate");
        assertThat(problem("{\"k\\udc00\":1}")).contains("unpaired surrogate").contains("at byte 3");
        assertThat(problem("\"\\uD83D\\uDE00\"")).isNull();
    }

    @Test
    void refusesUtf8ThatIsNotWellFormed() {
        int[][] invalid = {{0xff}, {0xc0, 0xaf}, {0xe0, 0x80, 0xaf}, {0xed, 0xa0, 0x80}, {0xf4, 0x90, 0x80, 0x80},
            {0xf5, 0x80, 0x80, 0x80}, {0x80}, {0xc3}, {0xe2, 0x82}, {0xf0, 0x9f, 0x98}};
        for (int[] sequence : invalid) {
            byte[] json = new byte[sequence.length + 2];
            json[0] = '"';
            for (int i = 0; i < sequence.length; i++) {
                json[i + 1] = (byte) sequence[i];
            }
            json[json.length - 1] = '"';
            assertThat(JsonText.problem(json, 0, json.length, DEPTH)).as("%s", java.util.Arrays.toString(sequence))
                    .contains("invalid UTF-8");
        }
    }

    @Test
    void countsNestingLevelsAndRefusesOneTooMany() {
        assertThat(problem(nested(DEPTH))).isNull();
        assertThat(problem(nested(DEPTH + 1))).contains("nesting deeper than " + DEPTH + " levels");
        assertThat(problem("[[{\"a\":[]}]]".replace("[]", nested(DEPTH - 3)))).isNull();
    }

    @Test
    @Timeout(30)
    void checksTheDeepestDocumentWithoutRecursionOnASmallStack() throws InterruptedException {
        byte[] deep = nested(WireFormat.MAX_NESTING_DEPTH).getBytes(StandardCharsets.UTF_8);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                result.set(String.valueOf(JsonText.problem(deep, 0, deep.length, WireFormat.MAX_NESTING_DEPTH)));
            } catch (Throwable e) {
                result.set(e);
            }
        }, "small stack", 64 * 1024);
        small.start();
        small.join();

        assertThat(result.get()).isEqualTo("null");
    }

    @Test
    void checksOnlyTheGivenRegionAndCountsBytesFromItsStart() {
        byte[] bytes = "xx[1,\"\\udc00\"]yy".getBytes(StandardCharsets.UTF_8);

        assertThat(JsonText.problem(bytes, 2, bytes.length - 2, DEPTH)).isEqualTo(
                "unpaired surrogate \\udc00 in a string at byte 4");
    }

    @Test
    void compactsWhitespaceOutsideStringsOnly() {
        assertThat(new String(JsonText.compactObject(" {\n \"a b\" : [ 1 , \" x \\\" y \" ] } ", DEPTH, false),
                StandardCharsets.UTF_8)).isEqualTo("{\"a b\":[1,\" x \\\" y \"]}");
        assertThatThrownBy(() -> JsonText.compactObject("[1]", DEPTH, false))
                .hasMessageContaining("must be an object");
        assertThat(JsonText.compactObject(" null ", DEPTH, true)).isEqualTo("null".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> JsonText.compactObject("{\"k\":\"\uDC00\"}", DEPTH, false))
                .hasMessageContaining("unpaired surrogate (U+DC00) at character 6");
    }

    @Test
    @Timeout(120)
    void whateverItAcceptsJacksonParsesToo() throws Exception {
        long seed = 9090L;
        Random random = new Random(seed);
        ObjectMapper mapper = new ObjectMapper(WireFormat.create(EntityTypes.create()).objectMapper().getFactory()
                .copy());
        String[] pieces = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud83d", "\\ude00", "0", "-", ".", "e",
            "+", " ", "1", "null", "true", "é", "😀", "\u0001", "x"};
        int accepted = 0;
        for (int trial = 0; trial < 50_000; trial++) {
            String json = "{\"a\":[1,\"s\",{\"b\":-2.5e3}],\"c\":\"\\ud83d\\ude00\"}";
            StringBuilder mutated = new StringBuilder(json);
            for (int m = random.nextInt(3) + 1; m > 0; m--) {
                int at = random.nextInt(mutated.length() + 1);
                if (random.nextBoolean() && at < mutated.length()) {
                    mutated.deleteCharAt(at);
                } else {
                    mutated.insert(at, pieces[random.nextInt(pieces.length)]);
                }
            }
            byte[] bytes = mutated.toString().getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(10) == 0) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            if (JsonText.problem(bytes, 0, bytes.length, DEPTH) != null) {
                continue;
            }
            accepted++;
            try (JsonParser parser = mapper.createParser(bytes)) {
                while (parser.nextToken() != null) {
                    parser.getText();
                }
            } catch (Exception e) {
                throw new AssertionError("seed " + seed + ", trial " + trial + ": accepted but Jackson says "
                        + e.getMessage() + ": " + new String(bytes, StandardCharsets.UTF_8), e);
            }
        }
        assertThat(accepted).as("seed %d", seed).isGreaterThan(1000);
    }

    private static String problem(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return JsonText.problem(bytes, 0, bytes.length, DEPTH);
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }
}
