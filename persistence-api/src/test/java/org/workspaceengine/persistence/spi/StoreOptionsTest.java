package org.workspaceengine.persistence.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.Stores;

class StoreOptionsTest {

    /** A builder as a backend writes one: each method sets its option through the declarations. */
    static final class Builder {
        final OptionValues values = new OptionValues();

        Builder partitions(int partitions) {
            values.set(PARTITIONS, partitions);
            return this;
        }

        Builder timeout(Duration timeout) {
            values.set(TIMEOUT, timeout);
            return this;
        }

        Builder unit(TimeUnit unit) {
            values.set(UNIT, unit);
            return this;
        }

        Builder lenient(boolean lenient) {
            values.set(LENIENT, lenient);
            return this;
        }

        Builder limit(long limit) {
            values.set(LIMIT, limit);
            return this;
        }
    }

    static final StoreOption<Builder, Integer> PARTITIONS = StoreOption.integer("partitions", 6, "6", 1, 100,
            "how many | pieces", Builder::partitions);
    static final StoreOption<Builder, Duration> TIMEOUT = StoreOption.duration("timeout", Duration.ofSeconds(30),
            "30s", false, "how long to wait", Builder::timeout);
    static final StoreOption<Builder, TimeUnit> UNIT = StoreOption.choice("unit", TimeUnit.class, TimeUnit.SECONDS,
            "the unit", Builder::unit);
    static final StoreOption<Builder, Boolean> LENIENT = StoreOption.flag("lenient", false, "be lenient",
            Builder::lenient);
    static final StoreOption<Builder, Long> LIMIT = StoreOption.count("limit", null, "none", 1, "the most",
            Builder::limit);
    static final StoreOptions<Builder> ALL = StoreOptions.of(PARTITIONS, TIMEOUT, UNIT, LENIENT, LIMIT);

    private static Builder applied(String uri) {
        Builder builder = new Builder();
        UriOptions options = UriOptions.of(Stores.parse(uri));
        ALL.apply(options, builder);
        options.rejectUnknown();
        return builder;
    }

    @Test
    void aUriSetsEachDeclaredOptionThroughTheBuilderMethod() {
        Builder builder = applied("x:a?partitions=12&timeout=500ms&unit=minutes&lenient&limit=7");

        assertThat(builder.values.get(PARTITIONS)).isEqualTo(12);
        assertThat(builder.values.get(TIMEOUT)).isEqualTo(Duration.ofMillis(500));
        assertThat(builder.values.get(UNIT)).isEqualTo(TimeUnit.MINUTES);
        assertThat(builder.values.get(LENIENT)).isTrue();
        assertThat(builder.values.get(LIMIT)).isEqualTo(7L);
    }

    @Test
    void unsetOptionsHaveTheirDefaults() {
        Builder builder = applied("x:a");

        assertThat(builder.values.get(PARTITIONS)).isEqualTo(6);
        assertThat(builder.values.get(TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(builder.values.get(LIMIT)).isNull();
        assertThat(builder.values.isSet(PARTITIONS)).isFalse();
    }

    @Test
    void durationsTakeEveryDocumentedForm() {
        assertThat(TIMEOUT.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(TIMEOUT.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(TIMEOUT.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(TIMEOUT.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badUriValuesAreRefusedNamingTheOptionTheValueAndWhatItTakes() {
        assertThatThrownBy(() -> applied("x:a?partitions=many")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'partitions' must be an integer, got 'many'");
        assertThatThrownBy(() -> applied("x:a?partitions=101")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions must be within 1-100, got 101");
        assertThatThrownBy(() -> applied("x:a?partitions=99999999999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'partitions' must be at most 100");
        assertThatThrownBy(() -> applied("x:a?timeout=soon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'timeout' must be a duration");
        assertThatThrownBy(() -> applied("x:a?timeout=0s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> applied("x:a?unit=fortnights")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'unit' must be one of nanoseconds, microseconds");
        assertThatThrownBy(() -> applied("x:a?lenient=maybe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'lenient' must be true or false");
        assertThatThrownBy(() -> applied("x:a?limit=0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be at least 1, got 0");
    }

    @Test
    void decimalsByteCountsAndCustomOptionsParseAndCheckByTheirDeclarations() {
        StoreOption<Builder, Double> ratio = StoreOption.decimal("ratio", 4.0, "4", 1.0, "a ratio", (b, v) -> { });
        StoreOption<Builder, Long> size = StoreOption.bytes("size", 16L, "16", 0, "a size", (b, v) -> { });
        StoreOption<Builder, String> mode = StoreOption.of("mode", "fast, safe", "fast", "fast", "a mode",
                String::trim, value -> value.equals("fast") || value.equals("safe") ? null : "must be fast or safe",
                (b, v) -> { });

        assertThat(ratio.parse(" 2.5 ")).isEqualTo(2.5);
        assertThat(size.parse("1048576")).isEqualTo(1048576L);
        assertThat(mode.parse(" safe")).isEqualTo("safe");
        assertThatThrownBy(() -> ratio.parse("high")).hasMessage("option 'ratio' must be a number, got 'high'");
        assertThatThrownBy(() -> ratio.parse("1")).hasMessage("ratio must be a finite number > 1.0, got 1.0");
        assertThatThrownBy(() -> ratio.parse("NaN")).hasMessage("ratio must be a finite number > 1.0, got NaN");
        assertThatThrownBy(() -> size.parse("1.5")).hasMessage("option 'size' must be a whole number of bytes, "
                + "got '1.5'");
        assertThatThrownBy(() -> size.parse("-1")).hasMessage("size must be at least 0, got -1");
        assertThatThrownBy(() -> mode.parse("slow")).hasMessage("mode must be fast or safe, got 'slow'");
    }

    @Test
    void undeclaredOptionsAreLeftForTheCallerToRefuse() {
        UriOptions options = UriOptions.of(Stores.parse("x:a?partitions=2&partitons=3"));
        ALL.apply(options, new Builder());

        assertThatThrownBy(options::rejectUnknown).hasMessageContaining("unknown option [partitons]");
    }

    @Test
    void theBuilderChecksValuesByTheSameDeclaration() {
        assertThatThrownBy(() -> new Builder().partitions(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitions must be within 1-100, got 0");
        assertThatThrownBy(() -> new Builder().timeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("timeout");
    }

    @Test
    void anOptionSetTwiceToDifferentValuesFailsNamingTheEarlierOne() {
        Builder builder = new Builder().timeout(Duration.ofSeconds(5)).timeout(Duration.ofSeconds(5));

        assertThatThrownBy(() -> builder.timeout(Duration.ofSeconds(6))).isInstanceOf(IllegalStateException.class)
                .hasMessage("timeout was already set to 'PT5S'");
        assertThatThrownBy(() -> applied("x:a?partitions=2").partitions(3)).hasMessage(
                "partitions was already set to 2");
    }

    @Test
    void aBuilderOnlySettingIsGivenOnceToo() {
        assertThat(OptionValues.once("topic", null, "a")).isEqualTo("a");
        assertThat(OptionValues.once("topic", "a", "a")).isEqualTo("a");
        assertThatThrownBy(() -> OptionValues.once("topic", "a", "b")).isInstanceOf(IllegalStateException.class)
                .hasMessage("topic was already set to 'a'");
        assertThatThrownBy(() -> OptionValues.once("topic", null, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("topic");
    }

    @Test
    void theMarkdownTableHasOneRowPerOptionInOrderWithPipesEscaped() {
        assertThat(ALL.markdownTable()).isEqualTo("""
                | option | values | default | meaning |
                |---|---|---|---|
                | `partitions` | integer 1-100 | 6 | how many \\| pieces |
                | `timeout` | duration (500ms, 30s, 2m, 1h, 30d, PT30S) | 30s | how long to wait |
                | `unit` | nanoseconds, microseconds, milliseconds, seconds, minutes, hours, days | seconds | the unit |
                | `lenient` | true, false | false | be lenient |
                | `limit` | integer >= 1 | none | the most |
                """);
        assertThat(ALL.helpLines()).first().isEqualTo("partitions=integer 1-100 (default 6): how many | pieces");
    }

    @Test
    void anOptionDeclaredTwiceIsRefused() {
        assertThatThrownBy(() -> StoreOptions.of(PARTITIONS, TIMEOUT, PARTITIONS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("option 'partitions' is declared twice");
    }
}
