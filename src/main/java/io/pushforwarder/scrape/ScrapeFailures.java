package io.pushforwarder.scrape;

import java.util.Locale;

import io.pushforwarder.exposition.InvalidScrapeException;

/** Names a refused scrape for the failures_total{reason} label: scrape_empty, scrape_not_exposition, ... */
public class ScrapeFailures {

    public String kind(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidScrapeException invalid) {
                return "scrape_" + invalid.reason().name().toLowerCase(Locale.ROOT);
            }
        }
        return "scrape_invalid";
    }
}
