package io.pushforwarder.routes;

import java.util.Map;

import io.pushforwarder.testing.FakeHttpServer;
import io.pushforwarder.testing.ForwarderRouteTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With forwarder.exporter.health-url set, the health check gates the scrape. */
class HealthCheckRouteTest extends ForwarderRouteTestSupport {

    private FakeHttpServer health;

    @Override
    protected void doPreSetup() throws Exception {
        health = new FakeHttpServer();
        super.doPreSetup();
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("forwarder.exporter.health-url", health.url("/healthz"));
    }

    @AfterEach
    void stopHealth() {
        health.close();
    }

    @Test
    void anUnhealthyExporterIsNeitherScrapedNorPushed() {
        health.answer.with(503, "starting", Map.of());

        tick();

        assertEquals(1, health.requests().size());
        assertEquals(0, exporter.requests().size());
        assertEquals(0, dataPushes().size());
    }

    @Test
    void anUnreachableHealthUrlSkipsTheTick() {
        health.close();

        tick();

        assertEquals(0, exporter.requests().size());
        assertEquals(0, dataPushes().size());
    }

    @Test
    void aHealthyExporterIsScrapedAndPushed() {
        tick();

        assertEquals(1, health.requests().size());
        assertEquals(1, exporter.requests().size());
        assertEquals(1, dataPushes().size());
    }
}
