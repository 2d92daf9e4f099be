package org.workspaceengine.persistence.file;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.workspaceengine.persistence.StoreObserver;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * The settled options of one store, shared by its namespace logs.
 *
 * @param directory the store directory (absolute)
 * @param wireFormat the codec of lines
 * @param durability how far a save pushes its bytes
 * @param lenient whether corrupt lines are skipped instead of failing
 * @param readOnly whether the store never writes
 * @param unsetRetention deletion markers older than this are dropped by compaction; null keeps them all
 * @param autoCompactRatio lines per live entity that trigger a background compaction; 0 when disabled
 * @param autoCompactMinBytes the smallest file size that is compacted automatically
 * @param clock the clock that decides which deletion markers are old
 * @param readPool the threads that decode lines of large files
 * @param files how files of the directory are opened and created
 * @param observer told of saves, loads and compactions
 */
record StoreConfig(Path directory, WireFormat wireFormat, Durability durability, boolean lenient, boolean readOnly,
                   Duration unsetRetention, double autoCompactRatio, long autoCompactMinBytes, Clock clock,
                   ReadPool readPool, StoreFiles files, StoreObserver observer) {
}
