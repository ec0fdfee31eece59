package io.pushforwarder.push;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A comma-separated list of Pushgateway base URLs, e.g. {@code http://10.0.0.1:9091,http://10.0.0.2:9091}.
 *
 * <p>Each URL must be an http(s) base URL without a trailing '/', query or fragment, because /metrics/job/... is
 * appended to it. A URL given twice is refused: in shard mode it would change which gateway owns what, in replicate
 * mode it would push twice to the same place.
 */
public final class GatewayList {

    private GatewayList() {
    }

    /** The URLs in the order given; throws {@link IllegalArgumentException} saying what is wrong with which one. */
    public static List<String> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no gateway URL");
        }
        Set<String> urls = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String url = part.trim();
            if (url.isEmpty()) {
                throw new IllegalArgumentException("an empty entry in the list; separate the URLs with single commas");
            }
            check(url);
            if (!urls.add(url)) {
                throw new IllegalArgumentException(url + " is listed twice; list each gateway once");
            }
        }
        return List.copyOf(new ArrayList<>(urls));
    }

    private static void check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(url + " is a malformed URL (" + e.getReason() + ")");
        }
        // lower case only: the scheme also names the Camel component, and "HTTP" names none
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException(url + " is not an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(url + ": the URL has no host");
        }
        if (uri.getPath().endsWith("/") || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(url + ": the gateway's base URL must not end in '/' or carry a query "
                    + "or fragment; /metrics/job/... is appended to it");
        }
    }
}
