package io.pushforwarder.scrape;

import io.pushforwarder.exposition.ValidScrape;
import io.pushforwarder.status.TargetHealth;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The end of a tick (the target route's onCompletion): a large scrape's temporary file goes, since nothing can push
 * it again, and the target's tick is recorded as over, which --once waits for. One shared processor, not two
 * {@code bean:} steps: those introspect their bean classes once per target route (about 50 objects each).
 */
public class TickEnd implements Processor {

    private TargetHealth targetHealth;

    public void setTargetHealth(TargetHealth targetHealth) {
        this.targetHealth = targetHealth;
    }

    @Override
    public void process(Exchange exchange) {
        ValidScrape scrape = exchange.getProperty("validScrape", ValidScrape.class);
        if (scrape != null) {
            scrape.close();
        }
        TargetHealth health = targetHealth != null ? targetHealth
                : exchange.getContext().getRegistry().lookupByNameAndType("targetHealth", TargetHealth.class);
        health.tickEnded(exchange.getProperty("target", String.class));
    }
}
