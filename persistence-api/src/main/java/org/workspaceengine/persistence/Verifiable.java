package org.workspaceengine.persistence;

import java.util.List;

/** A store that can read a namespace's stored data through and report every problem, for {@code pstore verify}. */
public interface Verifiable {

    /**
     * Reads all of {@code namespace} as a strict load does and reports each bad record; never throws for bad data.
     * The report is {@linkplain VerificationReport#isClean() clean} exactly when a strict load succeeds.
     *
     * @param namespace the namespace
     * @return what was checked and each bad record found
     */
    VerificationReport verify(String namespace);

    /**
     * What the store holds outside any namespace it reads, each as a {@link VerificationReport.Kind#UNRECOGNIZED}
     * problem: such as a file of a file store's directory that maps to no namespace. Empty by default.
     *
     * @return what the store holds outside any namespace it reads, each as a {@link
     *     VerificationReport.Kind#UNRECOGNIZED} problem: such as a file of a file store's directory that maps to no
     *     namespace
     */
    default List<VerificationReport.Problem> unrecognizedData() {
        return List.of();
    }
}
