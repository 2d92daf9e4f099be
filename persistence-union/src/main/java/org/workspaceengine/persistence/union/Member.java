package org.workspaceengine.persistence.union;

import org.workspaceengine.persistence.Store;

/** A member store of a union with the name its messages use. */
record Member(String name, Store store) {

    /** The name in quotes, as messages show it. */
    String quoted() {
        return "'" + name + "'";
    }
}
