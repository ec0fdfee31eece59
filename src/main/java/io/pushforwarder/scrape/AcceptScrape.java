package io.pushforwarder.scrape;

import java.io.IOException;
import java.io.InputStream;

import io.pushforwarder.exposition.InvalidScrapeException;
import io.pushforwarder.exposition.ValidScrape;
import io.pushforwarder.status.TargetHealth;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The scrape's check in the shared forwarding route: validates the exporter's body with the target's
 * {@link TargetRules}, keeps the valid scrape (exchange property {@code validScrape}) and its size
 * ({@code scrapeBytes}), records it, and makes it the message body that a retried push can read again.
 *
 * <p>One processor instead of four steps with {@code bean:} and {@code method:} calls: those parse their method
 * string and evaluate a Simple expression per argument on every tick, a measurable share of a forward's CPU.
 * A refused body throws {@link InvalidScrapeException} as the {@code bean:} step did, for forwarder-error-handling.
 */
public class AcceptScrape implements Processor {

    private TargetHealth targetHealth;

    public void setTargetHealth(TargetHealth targetHealth) {
        this.targetHealth = targetHealth;
    }

    @Override
    public void process(Exchange exchange) throws InvalidScrapeException, IOException {
        Message message = exchange.getMessage();
        TargetRules rules = exchange.getProperty("targetRules", TargetRules.class);
        long startedNanos = exchange.getProperty("scrapeStartedNanos", Long.class);
        ValidScrape scrape = rules.validate(message.getBody(InputStream.class),
                message.getHeader("Content-Length", Long.class), startedNanos);
        exchange.setProperty("validScrape", scrape);
        message.setBody(new ValidScrapeBody(scrape));
        exchange.setProperty("scrapeBytes", health(exchange).scraped(exchange.getProperty("target", String.class), scrape));
    }

    private TargetHealth health(Exchange exchange) {
        return targetHealth != null ? targetHealth
                : exchange.getContext().getRegistry().lookupByNameAndType("targetHealth", TargetHealth.class);
    }
}
