/**
 * Save and restore the live state of a service: {@link org.workspaceengine.persistence.Store},
 * {@link org.workspaceengine.persistence.Change}, {@link org.workspaceengine.persistence.ChangesBuilder}, the
 * entity-type registry and the one JSON wire format.
 */
package org.workspaceengine.persistence;
