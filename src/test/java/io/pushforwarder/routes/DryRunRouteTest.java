package io.pushforwarder.routes;

import java.util.Map;

import io.pushforwarder.testing.ForwarderRouteTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With forwarder.dry-run (what --dry-run sets) a tick scrapes and checks but sends nothing to the gateway. */
class DryRunRouteTest extends ForwarderRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("forwarder.dry-run", "true");
    }

    @Test
    void aGoodScrapeIsNotPushed() {
        tick();

        assertEquals(1, exporter.requests().size());
        assertEquals(0, gateway.requests().size());
    }

    @Test
    void aBadScrapeIsNotPushedAndNoStatusEither() {
        exporter.answer.with(500, "", Map.of());
        tick();

        assertEquals(0, gateway.requests().size());
    }
}
