/**
 * The JSONL file store: {@link org.workspaceengine.persistence.file.FileStore} keeps each namespace in a
 * {@code {namespace}.jsonl} file that the Go original can read and write too; {@link
 * org.workspaceengine.persistence.file.CompactionScheduler} compacts a store periodically; {@code file:} URIs open
 * it through {@link org.workspaceengine.persistence.Stores}.
 */
package org.workspaceengine.persistence.file;
