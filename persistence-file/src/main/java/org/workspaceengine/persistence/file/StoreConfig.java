package org.workspaceengine.persistence.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.workspaceengine.persistence.EntityTypes;
import org.workspaceengine.persistence.StoreObserver;
import org.workspaceengine.persistence.wire.WireFormat;

/**
 * The settled options of one store, shared by its namespace logs.
 *
 * @param directory the store directory (absolute)
 * @param wire the codec of lines, made on first use
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
record StoreConfig(Path directory, LazyWireFormat wire, Durability durability, boolean lenient, boolean readOnly,
                   Duration unsetRetention, double autoCompactRatio, long autoCompactMinBytes, Clock clock,
                   ReadPool readPool, StoreFiles files, StoreObserver observer) {

    /** The codec of lines. */
    WireFormat wireFormat() {
        return wire.get();
    }

    /**
     * The codec of lines, made on first use: its JSON factory costs a fresh JVM about 45 ms, which a store opened to
     * list its namespaces or delete one never needs.
     */
    static final class LazyWireFormat {

        private final EntityTypes types;
        private final ObjectMapper mapper;
        private volatile WireFormat made;

        /** The codec for {@code types}, with {@code mapper} or, if null, the default mapper. */
        LazyWireFormat(EntityTypes types, ObjectMapper mapper) {
            this.types = types;
            this.mapper = mapper;
        }

        WireFormat get() {
            WireFormat wire = made;
            if (wire == null) {
                synchronized (this) {
                    wire = made;
                    if (wire == null) {
                        wire = mapper != null ? WireFormat.create(types, mapper) : WireFormat.create(types);
                        made = wire;
                    }
                }
            }
            return wire;
        }
    }
}
