package io.pushforwarder.scrape;

import io.pushforwarder.exposition.ValidScrape;

/** The checked scrape for the shared forwarding route's steps that push it again, one gateway at a time. */
public class ScrapeChecks {

    /** The scrape as a message body that a retried push can read again. */
    public ValidScrapeBody body(ValidScrape scrape) {
        return new ValidScrapeBody(scrape);
    }
}
