package io.pushforwarder.embed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.pushforwarder.exposition.InvalidScrapeException;
import io.pushforwarder.exposition.ValidScrape;
import io.pushforwarder.scrape.TargetRules;

/**
 * The forwarder's scrape check for a message body that did not come from its own scrape: what the Kamelets run before
 * they push or emit anything. A body the Pushgateway would refuse or misread (empty, HTML, cut short, a duplicate
 * series, invalid UTF-8, ...) throws {@link InvalidScrapeException} with the reason and the line.
 */
public class ExpositionCheck {

    private final TargetRules rules = new TargetRules();

    public void setMaxBodyBytes(long maxBodyBytes) {
        rules.setMaxBodyBytes(maxBodyBytes);
    }

    /** Whether timestamps, CRLF line ends, a missing final newline and OpenMetrics-only lines are repaired. */
    public void setRepairs(boolean repairs) {
        rules.setRepairs(repairs);
    }

    /** How long reading the body may take, in milliseconds; a stream that trickles is cut off after it. */
    public void setTimeoutMs(long timeoutMs) {
        rules.setScrapeTimeoutMs(timeoutMs);
    }

    /**
     * A message body the host made itself: no Content-Length to check it against, as a header left over from an
     * earlier HTTP call would not describe this body.
     */
    public String pushable(InputStream body) throws InvalidScrapeException, IOException {
        return pushable(body, null);
    }

    /**
     * The body as it can be pushed: checked, and repaired where the repairs are on.
     *
     * @param body          the message body; Camel converts a String or byte[] body to a stream
     * @param contentLength the length the HTTP answer declared, checked so that a body cut short is refused; null
     *                      when unknown
     */
    public String pushable(InputStream body, Long contentLength) throws InvalidScrapeException, IOException {
        ValidScrape scrape = rules.validate(body, contentLength, System.nanoTime());
        return new String(scrape.body(), StandardCharsets.UTF_8);
    }
}
