package org.workspaceengine.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelpTest {

    private static final List<CommandSyntax> COMMANDS = List.of(LsCommand.SYNTAX, DumpCommand.SYNTAX,
            StatsCommand.SYNTAX, CompactCommand.SYNTAX, DeleteCommand.SYNTAX, VerifyCommand.SYNTAX,
            ImportCommand.SYNTAX, CopyCommand.SYNTAX, UrisCommand.SYNTAX);

    @Test
    void everyHelpFitsItsWidthAndKeepsEachParagraphWhole() {
        for (int width : new int[] {60, 80, 120}) {
            Help help = new Help(width);
            assertFits(help.top(COMMANDS), width, COMMANDS.stream().map(CommandSyntax::summary).toList());
            for (CommandSyntax command : COMMANDS) {
                assertFits(help.of(command), width, command.description());
            }
        }
    }

    private static void assertFits(String help, int width, List<String> paragraphs) {
        assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(width));
        String words = String.join(" ", help.split("\\s+"));
        assertThat(paragraphs).allSatisfy(paragraph -> assertThat(words).contains(paragraph));
    }

    @Test
    void aDescriptionIsOneParagraphWrappedAtTheWidthNotWhereItWasTyped() {
        String help = new Help(120).of(CopyCommand.SYNTAX);

        assertThat(help).contains("Copies the given namespaces (default: all), keeping timestamps and deletion markers. "
                + "Progress goes to stderr: a bar");
    }

    @Test
    void copysHelpLeavesOutTheStoreItIgnores() {
        assertThat(new Help(80).of(CopyCommand.SYNTAX)).doesNotContain("--store").contains("--from=URI")
                .contains("--to=URI").contains("[NS...]");
        assertThat(new Help(80).of(StatsCommand.SYNTAX)).contains("--store=URI").contains("--all")
                .contains("--json");
    }

    @Test
    void theTopHelpListsEachCommandWithItsSummary() {
        String help = new Help(80).top(COMMANDS);

        for (CommandSyntax command : COMMANDS) {
            assertThat(help).containsPattern("(?m)^  " + command.name() + " +\\S");
        }
        assertThat(help).contains("Exit status:").contains("Store URIs");
    }
}
