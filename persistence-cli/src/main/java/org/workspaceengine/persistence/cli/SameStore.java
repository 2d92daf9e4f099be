package org.workspaceengine.persistence.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.workspaceengine.persistence.spi.UriOptions;

/**
 * Which stored data a store URI names, to refuse a copy from a store into itself (which would append every change
 * to the data it reads): a file store's directory as the file system resolves it, a Kafka store's brokers and
 * topic, each member of a union. A {@code memory:} URI names a new, empty store each time: never the same.
 */
final class SameStore {

    private SameStore() {
    }

    /** What {@code from} and {@code to} both name, or an empty set. */
    static Set<String> shared(String from, String to) {
        Set<String> shared = new LinkedHashSet<>(of(StoreSelection.parse(from)));
        shared.retainAll(of(StoreSelection.parse(to)));
        return shared;
    }

    /** The data {@code uri} names, one entry per file directory or Kafka topic. */
    static Set<String> of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Set<String> names = new LinkedHashSet<>();
        switch (scheme) {
            case "file" -> names.add("file:" + directory(UriOptions.of(uri).location()));
            case "kafka" -> {
                if (uri.getRawAuthority() != null && uri.getPath() != null) {
                    String[] brokers = uri.getRawAuthority().toLowerCase(Locale.ROOT).split(",");
                    Arrays.sort(brokers);
                    names.add("kafka://" + String.join(",", brokers) + uri.getPath());
                }
            }
            case "union" -> {
                for (String member : UnionUris.members(uri)) {
                    names.addAll(of(StoreSelection.parse(member)));
                }
            }
            default -> {
                // memory: and other schemes: a store of their own
            }
        }
        return names;
    }

    private static String directory(String location) {
        try {
            Path path = Path.of(location.isEmpty() ? "." : location).toAbsolutePath().normalize();
            try {
                return path.toRealPath().toString();
            } catch (IOException e) {
                return path.toString(); // not there yet: the target of a copy may be created by it
            }
        } catch (InvalidPathException e) {
            return location;
        }
    }
}
