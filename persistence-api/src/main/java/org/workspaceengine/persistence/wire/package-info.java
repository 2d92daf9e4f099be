/**
 * The one JSON wire format of a change, shared by file lines and Kafka record values
 * ({@link org.workspaceengine.persistence.wire.WireFormat}), and the strict check of the JSON it writes and reads
 * ({@link org.workspaceengine.persistence.wire.JsonText}): for store implementers and tools that read or write changes
 * as JSON. Applications use stores instead.
 */
package org.workspaceengine.persistence.wire;
