/**
 * The union store: saves go to every member store in parallel under a {@link
 * org.workspaceengine.persistence.union.WritePolicy}; loads ask every member and merge their answers by the
 * latest-wins rule, falling back to the reachable members when one fails. Start with
 * {@link org.workspaceengine.persistence.union.UnionStore#builder()}.
 */
package org.workspaceengine.persistence.union;
