package org.workspaceengine.persistence.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.workspaceengine.persistence.spi.StoreOption;
import org.workspaceengine.persistence.spi.StoreOptions;
import org.workspaceengine.persistence.spi.StoreProvider;

/**
 * Checks that what a store says about its options comes from their one declaration ({@link StoreOptions}): its
 * README's table, between the lines {@code <!-- options:begin -->} and {@code <!-- options:end -->} (a failure prints
 * the table to paste), its URI provider, and its builder's methods.
 */
public final class DeclaredOptions {

    /** The line before the table. */
    public static final String BEGIN = "<!-- options:begin -->";
    /** The line after the table. */
    public static final String END = "<!-- options:end -->";

    private DeclaredOptions() {
    }

    /**
     * Asserts that {@code readme} holds {@code options}' {@linkplain StoreOptions#markdownTable() table}.
     *
     * @param readme the readme
     * @param options the options
     */
    public static void assertReadmeShows(Path readme, StoreOptions<?> options) {
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("%s has a line %s", readme, BEGIN).isNotNegative();
        assertThat(end).as("%s has a line %s after it", readme, END).isGreaterThan(begin);
        String table = text.substring(begin + BEGIN.length(), end).strip() + "\n";
        assertThat(table).as("the options table of %s (paste the expected one between the markers)", readme)
                .isEqualTo(options.markdownTable());
    }

    /**
     * Asserts that the {@link StoreProvider} of {@code scheme} ({@link ServiceLoader}'s) declares {@code options}.
     *
     * @param scheme the URI scheme
     * @param options the options
     */
    public static void assertProviderDeclares(String scheme, StoreOptions<?> options) {
        StoreProvider provider = ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.scheme().equals(scheme)).findFirst()
                .orElseThrow(() -> new AssertionError("no store provider for scheme '" + scheme + "'"));
        assertThat(provider.options()).as("the options of scheme '%s'", scheme).isSameAs(options);
    }

    /**
     * Asserts that {@code builder} has a public one-argument method named after each of {@code options}.
     *
     * @param builder the builder
     * @param options the options
     */
    public static void assertBuilderTakes(Class<?> builder, StoreOptions<?> options) {
        for (StoreOption<?, ?> option : options.list()) {
            assertThat(builder.getMethods()).as("%s.%s(...)", builder.getSimpleName(), option.name())
                    .anyMatch(method -> method.getName().equals(option.name()) && method.getParameterCount() == 1);
        }
    }
}
