package org.workspaceengine.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.workspaceengine.persistence.cli.CommandLineParser.CommandLineException;
import org.workspaceengine.persistence.cli.CommandLineParser.ParsedCommandLine;
import org.workspaceengine.persistence.cli.CommandSyntax.OptionSyntax;
import org.workspaceengine.persistence.cli.CommandSyntax.ParameterSyntax;

class CommandLineParserTest {

    private static final CommandSyntax COPY = CommandSyntax.of("copy", "Copies.")
            .with(OptionSyntax.required("--from", "URI", "The source."))
            .with(OptionSyntax.value("--batch", "N", "Per save."))
            .with(OptionSyntax.flag("--all", "Everything."))
            .with(new ParameterSyntax("NS", 0, Integer.MAX_VALUE, "the namespaces"));
    private static final CommandSyntax DUMP = CommandSyntax.of("dump", "Dumps.")
            .with(new ParameterSyntax("NS", 1, 1, "the namespace"));

    private final CommandLineParser parser = new CommandLineParser(List.of(COPY, DUMP));

    @Test
    void storeIsTakenBeforeAndAfterTheCommandAndItsValueMayLookLikeACommand() {
        ParsedCommandLine parsed = parser.parse("--store", "dump", "--verbose", "dump", "--store=file:x", "ns");

        assertThat(parsed.command()).isEqualTo(DUMP);
        assertThat(parsed.stores()).containsExactly("dump", "file:x");
        assertThat(parsed.verbose()).isTrue();
        assertThat(parsed.arguments().parameters()).containsExactly("ns");
    }

    @Test
    void optionsTakeTheirValueAttachedOrNextAndMixWithParameters() {
        ParsedCommandLine parsed = parser.parse("copy", "a", "--from=memory:", "b", "--batch", "7", "--all");

        assertThat(parsed.arguments().value("--from")).isEqualTo("memory:");
        assertThat(parsed.arguments().value("--batch")).isEqualTo("7");
        assertThat(parsed.arguments().flag("--all")).isTrue();
        assertThat(parsed.arguments().value("--missing")).isNull();
        assertThat(parsed.arguments().parameters()).containsExactly("a", "b");
    }

    @Test
    void doubleDashEndsTheOptionsSoANamespaceMayStartWithADash() {
        ParsedCommandLine parsed = parser.parse("dump", "--", "--odd");

        assertThat(parsed.arguments().parameters()).containsExactly("--odd");
    }

    @Test
    void helpAnywhereSkipsTheChecksOfTheCommand() {
        ParsedCommandLine parsed = parser.parse("copy", "--help");

        assertThat(parsed.help()).isTrue();
        assertThat(parsed.command()).isEqualTo(COPY);
        assertThat(parser.parse("-V").version()).isTrue();
    }

    @Test
    void wrongCommandLinesNameWhatIsWrongAndTheirCommand() {
        assertError("a command is required: copy or dump", null);
        assertError("unknown command 'list'; the commands are copy or dump", null, "list");
        assertError("unknown option '--bogus' for dump", DUMP, "dump", "ns", "--bogus");
        assertError("unknown option '--bogus'", null, "--bogus", "dump", "ns");
        assertError("copy: option '--from=URI' is required", COPY, "copy");
        assertError("option '--from' is given twice", COPY, "copy", "--from", "a", "--from", "b");
        assertError("option '--from' needs a value (URI)", COPY, "copy", "--from");
        assertError("option '--store' needs a value (URI)", DUMP, "dump", "ns", "--store");
        assertError("option '--all' takes no value, got '--all=yes'", COPY, "copy", "--from=a", "--all=yes");
        assertError("dump: missing NS (the namespace)", DUMP, "dump");
        assertError("dump: unexpected argument 'b'", DUMP, "dump", "a", "b");
        assertError("unknown option '--version' for dump", DUMP, "dump", "ns", "--version");
    }

    private void assertError(String message, CommandSyntax command, String... args) {
        assertThatThrownBy(() -> parser.parse(args))
                .isInstanceOfSatisfying(CommandLineException.class, e -> assertThat(e.command()).isEqualTo(command))
                .hasMessage(message);
    }
}
