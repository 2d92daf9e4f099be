package org.workspaceengine.persistence.spi;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of a store URI: its {@linkplain #location() location} and the options in its query string
 * ({@code file:./data?durability=flush}), decoded, and {@link #rejectUnknown() unknown options refused} so that a
 * typo never passes silently. A store's declared options ({@link StoreOptions#apply}) read and check the values.
 * Opaque URIs such as {@code file:./data?x=1} and {@code memory:} work as well as hierarchical ones such as
 * {@code kafka://host/topic}.
 */
public final class UriOptions {

    private final URI uri;
    private final String location;
    private final Map<String, List<String>> values;
    private final Set<String> read = new HashSet<>();

    private UriOptions(URI uri, String location, Map<String, List<String>> values) {
        this.uri = uri;
        this.location = location;
        this.values = values;
    }

    /**
     * The parts of {@code uri}; the query is percent-decoded ({@code +} stays a plus sign).
     *
     * @param uri the store URI
     * @return the parts of {@code uri}; the query is percent-decoded ({@code +} stays a plus sign)
     */
    public static UriOptions of(URI uri) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String query;
        String location;
        if (uri.isOpaque()) {
            // java.net.URI keeps the query of an opaque URI inside its scheme-specific part.
            String part = uri.getRawSchemeSpecificPart();
            int q = part.indexOf('?');
            query = q < 0 ? null : part.substring(q + 1);
            location = decode(q < 0 ? part : part.substring(0, q));
        } else {
            query = uri.getRawQuery();
            String authority = uri.getRawAuthority() == null ? "" : "//" + uri.getRawAuthority();
            location = decode(authority + (uri.getRawPath() == null ? "" : uri.getRawPath()));
        }
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return new UriOptions(uri, location, values);
    }

    /**
     * What the URI points at, without scheme and query, percent-decoded: {@code ./data} for {@code file:./data?x=1},
     * {@code /var/data} for {@code file:///var/data}, {@code //host:9092/topic} for {@code kafka://host:9092/topic};
     * empty for {@code memory:}.
     *
     * @return what the URI points at, without scheme and query, percent-decoded: {@code ./data} for {@code
     *     file:./data?x=1}, {@code /var/data} for {@code file:///var/data}, {@code //host:9092/topic} for {@code
     *     kafka://host:9092/topic}; empty for {@code memory:}
     */
    public String location() {
        return location;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** {@link #decode}, or {@code text} as typed when it holds a malformed escape (for messages). */
    private static String decodeShown(String text) {
        try {
            return decode(text);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /**
     * The names of the options in the query, in order, each once.
     *
     * @return the names of the options in the query, in order, each once
     */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /**
     * The single value of {@code key}, if present.
     *
     * @param key the entity key
     * @return the single value of {@code key}, if present
     */
    public Optional<String> get(String key) {
        List<String> all = all(key);
        if (all.size() > 1) {
            throw bad(key, "is given " + all.size() + " times");
        }
        return all.stream().findFirst();
    }

    /**
     * Every value of {@code key}, in order (empty when absent).
     *
     * @param key the entity key
     * @return every value of {@code key}, in order (empty when absent)
     */
    public List<String> all(String key) {
        read.add(key);
        return Collections.unmodifiableList(values.getOrDefault(key, List.of()));
    }

    /**
     * Fails if the query has an option that was never read.
     *
     * @throws IllegalArgumentException naming the unknown options
     */
    public void rejectUnknown() {
        List<String> unknown = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + " in store URI " + redacted(uri));
        }
    }

    /**
     * {@code uri} as typed, for messages, with the values of secret options replaced by {@code ***}: options whose
     * names say they hold a secret (see {@link #isSecret}), and the same within each {@code member} URI of a union.
     *
     * @param uri the store URI
     * @return the URI as typed, secret values hidden
     */
    public static String redacted(URI uri) {
        return redacted(uri.toString());
    }

    private static String redacted(String text) {
        int q = text.indexOf('?');
        if (q < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.substring(0, q + 1));
        String[] pairs = text.substring(q + 1).split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            int eq = pairs[i].indexOf('=');
            String name = eq < 0 ? pairs[i] : decodeShown(pairs[i].substring(0, eq));
            out.append(i > 0 ? "&" : "");
            if (eq < 0) {
                out.append(pairs[i]);
            } else if (isSecret(name)) {
                out.append(pairs[i], 0, eq).append("=***");
            } else if (name.equals("member")) {
                // A member is a URI of its own, percent-encoded: shown decoded, its own secrets hidden.
                out.append(pairs[i], 0, eq + 1).append(redacted(decodeShown(pairs[i].substring(eq + 1))));
            } else {
                out.append(pairs[i]);
            }
        }
        return out.toString();
    }

    /**
     * Whether an option named {@code name} holds a secret, whose value messages never show: a name that mentions a
     * password, secret, token, credential, key or JAAS configuration (Kafka's {@code sasl.jaas.config},
     * {@code ssl.key.password}, {@code sasl.oauthbearer.client.credentials.client.secret}, ...).
     *
     * @param name an option's name
     * @return whether its value is a secret
     */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return lower.endsWith(".key") || lower.endsWith("_key") || lower.contains("keystore.key");
    }

    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "secret", "token", "credential",
            "jaas", "user.info", "apikey", "api.key", "private");


    private IllegalArgumentException bad(String key, String problem) {
        return bad("option '" + key + "' " + problem);
    }

    /** An error saying {@code problem}, in this store URI (redacted). */
    IllegalArgumentException bad(String problem) {
        return new IllegalArgumentException(problem + " in store URI " + redacted(uri));
    }
}
