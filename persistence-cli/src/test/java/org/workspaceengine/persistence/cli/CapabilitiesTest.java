package org.workspaceengine.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    private static final List<String> NAMESPACES = List.of("bench", "workspace-1", "workspace-2", "Jobs", "x");

    @Test
    void closeMatchesAreTyposSwapsAndCaseAway() {
        assertThat(Capabilities.closeMatches("bnech", NAMESPACES)).containsExactly("bench");
        assertThat(Capabilities.closeMatches("workspace-3", NAMESPACES)).containsExactly("workspace-1",
                "workspace-2");
        assertThat(Capabilities.closeMatches("jobs", NAMESPACES)).containsExactly("Jobs");
        assertThat(Capabilities.closeMatches("workspace1", NAMESPACES)).containsExactly("workspace-1",
                "workspace-2");
    }

    @Test
    void namesFarApartAreNotSuggested() {
        assertThat(Capabilities.closeMatches("payments", NAMESPACES)).isEmpty();
        assertThat(Capabilities.closeMatches("y", NAMESPACES)).containsExactly("x");
        assertThat(Capabilities.closeMatches("abc", NAMESPACES)).isEmpty();
    }
}
