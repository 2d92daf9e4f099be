/** The in-memory store. */
package org.workspaceengine.persistence.memory;
