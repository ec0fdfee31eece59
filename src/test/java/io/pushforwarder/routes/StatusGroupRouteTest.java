package io.pushforwarder.routes;

import java.util.List;
import java.util.Map;

import io.pushforwarder.testing.FakeHttpServer.Request;
import io.pushforwarder.testing.ForwarderRouteTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status group goes out on every tick, good or bad; a stale data group is deleted once when so configured. */
class StatusGroupRouteTest extends ForwarderRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("forwarder.stale.delete-after", "2");
    }

    @Test
    void everyTickPushesTheStatusGroupNextToTheDataGroup() {
        tick();
        exporter.answer.with(503, "down", Map.of());
        tick();

        List<Request> status = statusPushes();
        assertEquals(2, status.size());
        assertEquals("/metrics/job/node/instance/host-1/push_forwarder/status", status.get(0).path());
        assertEquals("PUT", status.get(0).method());
        assertTrue(status.get(0).body().contains("\npush_forwarder_target_up 1\n"), status.get(0).body());
        assertTrue(status.get(1).body().contains("\npush_forwarder_target_up 0\n"), status.get(1).body());
        assertTrue(status.get(1).body().contains("push_forwarder_failures_total{reason=\"scrape_status\"} 1\n"),
                status.get(1).body());
        assertEquals(1, dataPushes().stream().filter(r -> r.method().equals("PUT")).count());
    }

    @Test
    void aTargetDownForDeleteAfterTicksLosesItsDataGroupOnce() {
        tick();
        exporter.close();
        tick();
        tick();
        tick();

        List<Request> deletes = gateway.requests().stream().filter(r -> r.method().equals("DELETE")).toList();
        assertEquals(1, deletes.size(), gateway.requests().toString());
        assertEquals("/metrics/job/node/instance/host-1", deletes.get(0).path());
        assertEquals(4, statusPushes().size(), "the status group keeps telling that the target is down");
    }

    @Test
    void aFailingStatusPushDoesNotFailTheDataPush() {
        gateway.answer.with(400, "push_forwarder_target_up is not a COUNTER", Map.of());
        tick();
        gateway.answer.with(200, "", Map.of());
        tick();

        // both ticks reached the gateway with data and status; nothing was retried in between
        assertEquals(2, dataPushes().size());
        assertEquals(2, statusPushes().size());
    }
}
