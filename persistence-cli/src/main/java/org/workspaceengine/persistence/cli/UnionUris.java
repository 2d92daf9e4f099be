package org.workspaceengine.persistence.cli;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code union:} store URI of several member store URIs: {@code union:?member=<percent-encoded URI>&...}, as the
 * union module's provider reads it (with the union's default policies).
 */
final class UnionUris {

    private UnionUris() {
    }

    /** The union of {@code members}, in order, with {@code option} ({@code name=value}) if not null. */
    static URI of(List<String> members, String option) {
        StringBuilder uri = new StringBuilder("union:?");
        for (int i = 0; i < members.size(); i++) {
            uri.append(i == 0 ? "" : "&").append("member=")
                    .append(percentEncode(members.get(i)));
        }
        if (option != null) {
            uri.append('&').append(option);
        }
        return StoreSelection.parse(uri.toString());
    }

    /** The member URIs of {@code union}, decoded, in order. */
    static List<String> members(URI union) {
        String part = union.getRawSchemeSpecificPart();
        int q = part.indexOf('?');
        List<String> members = new ArrayList<>();
        for (String pair : q < 0 ? new String[0] : part.substring(q + 1).split("&")) {
            if (pair.startsWith("member=")) {
                members.add(decode(pair.substring("member=".length())));
            }
        }
        return members;
    }

    /** Decodes a query name or value: percent escapes, a {@code +} staying a plus. */
    static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Percent-encodes {@code text} for a query value; a space becomes {@code %20} (a {@code +} stays a plus there). */
    static String percentEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
