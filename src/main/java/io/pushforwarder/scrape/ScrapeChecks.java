package io.pushforwarder.scrape;

import java.io.IOException;
import java.io.InputStream;

import io.pushforwarder.exposition.InvalidScrapeException;
import io.pushforwarder.exposition.ValidScrape;

/** The shared forwarding route's entry to each target's {@link TargetRules}, which travel with the tick. */
public class ScrapeChecks {

    /** See {@link TargetRules#validate}. */
    public ValidScrape validate(TargetRules rules, InputStream body, Long contentLength, long startedNanos)
            throws InvalidScrapeException, IOException {
        return rules.validate(body, contentLength, startedNanos);
    }

    /** The scrape as a message body that a retried push can read again. */
    public ValidScrapeBody body(ValidScrape scrape) {
        return new ValidScrapeBody(scrape);
    }
}
