package org.workspaceengine.persistence.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest ({@code Implementation-Version}), for {@code pstore --version}. */
final class PstoreVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = PstoreVersion.class.getPackage().getImplementationVersion();
        return new String[] {"pstore " + (version == null ? "(development build)" : version)};
    }
}
