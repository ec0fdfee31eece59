package io.pushforwarder.routes;

import java.util.Map;

import io.pushforwarder.testing.FakeHttpServer.Request;
import io.pushforwarder.testing.ForwarderRouteTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One tick at a time through the real routes with the shipped configuration; see the support class. */
class ForwardExporterRouteTest extends ForwarderRouteTestSupport {

    @Test
    void aGoodScrapeIsPutToTheGroupPath() {
        tick();

        assertEquals(1, dataPushes().size());
        Request push = dataPushes().get(0);
        assertEquals("PUT", push.method());
        assertEquals("/metrics/job/node/instance/host-1", push.path());
        assertEquals(METRICS, push.body());
        assertTrue(push.header("Content-Type").startsWith("text/plain; version=0.0.4"), push.header("Content-Type"));
        assertEquals("text/plain; version=0.0.4", exporter.requests().get(0).header("Accept"));
    }

    @Test
    void nothingOfTheExporterResponseReachesTheGateway() {
        exporter.answer.with(200, METRICS, Map.of(
                "Set-Cookie", "session=secret-cookie; Path=/",
                "X-Exporter-Secret", "leak-me",
                "Content-Type", "text/plain; version=0.0.4"));

        tick();
        tick();

        assertEquals(2, dataPushes().size());
        for (Request push : gateway.requests()) {
            String all = push.headers().toString();
            assertNull(push.header("Cookie"), all);
            assertNull(push.header("Set-Cookie"), all);
            assertNull(push.header("X-Exporter-Secret"), all);
            assertTrue(push.headers().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("camel")), all);
            assertTrue(!all.contains("leak-me") && !all.contains("secret-cookie"), all);
        }
        // and the exporter's cookie is not sent back to the exporter either
        assertNull(exporter.requests().get(1).header("Cookie"));
    }

    @Test
    void aNon2xxScrapeIsNotPushed() {
        exporter.answer.with(500, "<html>internal error</html>", Map.of("Content-Type", "text/html"));

        tick();

        assertEquals(1, exporter.requests().size());
        assertEquals(0, dataPushes().size());
    }

    @Test
    void anEmptyOrBlankScrapeIsNotPushed() {
        exporter.answer.with(200, "", Map.of());
        tick();
        exporter.answer.with(200, " \n\n", Map.of());
        tick();

        assertEquals(2, exporter.requests().size());
        assertEquals(0, dataPushes().size());
    }

    @Test
    void aRefusedScrapeIsNotPushedAndTheRouteKeepsTicking() {
        exporter.close();

        tick();
        tick();

        assertEquals(0, dataPushes().size());
    }

}
