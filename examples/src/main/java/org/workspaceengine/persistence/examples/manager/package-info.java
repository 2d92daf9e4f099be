/** A workspace manager that gets-or-loads workspaces from the store it is configured with. */
package org.workspaceengine.persistence.examples.manager;
