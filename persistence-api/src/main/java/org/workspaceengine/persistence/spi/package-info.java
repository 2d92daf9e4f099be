/**
 * For store implementers: the latest-wins compaction rule, store providers for URIs, URI options.
 */
package org.workspaceengine.persistence.spi;
