package org.workspaceengine.persistence.cli;

/** The version from the jar manifest ({@code Implementation-Version}), for {@code pstore --version}. */
final class PstoreVersion {

    private PstoreVersion() {
    }

    /** {@code pstore <version>}. */
    static String line() {
        String version = PstoreVersion.class.getPackage().getImplementationVersion();
        return "pstore " + (version == null ? "(development build)" : version);
    }
}
