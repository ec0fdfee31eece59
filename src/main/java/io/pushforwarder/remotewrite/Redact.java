package io.pushforwarder.remotewrite;

import java.net.URI;

/** URLs as they may appear in a log line: no user info, no query (either may hold a credential). */
final class Redact {

    private Redact() {
    }

    static String url(URI url) {
        if (url == null) {
            return "null";
        }
        StringBuilder text = new StringBuilder();
        if (url.getScheme() != null) {
            text.append(url.getScheme()).append("://");
        }
        if (url.getHost() != null) {
            text.append(url.getHost());
            if (url.getPort() >= 0) {
                text.append(':').append(url.getPort());
            }
        }
        if (url.getRawPath() != null) {
            text.append(url.getRawPath());
        }
        if (url.getRawQuery() != null) {
            text.append("?<query hidden>");
        }
        return text.toString();
    }
}
