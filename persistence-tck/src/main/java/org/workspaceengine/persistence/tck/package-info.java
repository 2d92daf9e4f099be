/**
 * The contract test suite every store passes: extend {@link org.workspaceengine.persistence.tck.StoreContract}.
 */
package org.workspaceengine.persistence.tck;
