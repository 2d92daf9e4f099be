package org.workspaceengine.persistence.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.workspaceengine.persistence.spi.StoreOptions;

/**
 * Checks that a README carries the table of a store's declared options, between the lines
 * {@code <!-- options:begin -->} and {@code <!-- options:end -->}: a test fails when the README and the declarations
 * differ, printing the table to paste.
 */
public final class ReadmeOptions {

    /** The line before the table. */
    public static final String BEGIN = "<!-- options:begin -->";
    /** The line after the table. */
    public static final String END = "<!-- options:end -->";

    private ReadmeOptions() {
    }

    /** Asserts that {@code readme} holds {@code options}' {@linkplain StoreOptions#markdownTable() table}. */
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
}
