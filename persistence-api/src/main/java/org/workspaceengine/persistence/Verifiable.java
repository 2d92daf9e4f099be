package org.workspaceengine.persistence;

/** A store that can read a namespace's stored data through and report every problem, for {@code pstore verify}. */
public interface Verifiable {

    /** Reads all of {@code namespace} and reports each bad record; never throws for bad data. */
    VerificationReport verify(String namespace);
}
