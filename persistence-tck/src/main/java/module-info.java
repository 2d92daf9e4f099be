/**
 * The contract test suite every store passes: extend {@link org.workspaceengine.persistence.tck.StoreContract}.
 * Test entities are open to Jackson and the suite to JUnit.
 */
module org.workspaceengine.persistence.tck {
    requires transitive org.workspaceengine.persistence;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;
    requires org.assertj.core;

    exports org.workspaceengine.persistence.tck;

    opens org.workspaceengine.persistence.tck to com.fasterxml.jackson.databind, org.junit.platform.commons;
}
