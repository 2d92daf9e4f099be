package org.workspaceengine.persistence;

import java.util.List;

/** A store that can list the namespaces it holds. */
public interface NamespaceListing {

    /**
     * Every namespace that holds at least one change, sorted.
     *
     * @return every namespace that holds at least one change, sorted
     */
    List<String> listNamespaces();
}
