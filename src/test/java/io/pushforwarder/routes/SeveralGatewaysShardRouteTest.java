package io.pushforwarder.routes;

import java.util.List;
import java.util.Map;

import io.pushforwarder.push.RendezvousHashing;
import io.pushforwarder.testing.FakeHttpServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shard mode: the target's groups go to its rendezvous owner only; the other gateway gets the start-up cleanup. */
class SeveralGatewaysShardRouteTest extends TwoGatewaysRouteTestSupport {

    @Override
    String mode() {
        return "shard";
    }

    private FakeHttpServer owner() {
        String url = RendezvousHashing.owner("job/node/instance/host-1", List.of(gateway.url(""), second.url("")));
        return url.equals(gateway.url("")) ? gateway : second;
    }

    private FakeHttpServer other() {
        return owner() == gateway ? second : gateway;
    }

    @Test
    void theTargetGoesToItsOwnerOnlyAndIsDeletedOnceFromTheOther() {
        tick();
        tick();

        assertEquals(List.of(DATA_PATH, STATUS_PATH, DATA_PATH, STATUS_PATH), paths(owner(), "PUT"));
        assertEquals(List.of(), paths(owner(), "DELETE"));
        assertEquals(List.of(), paths(other(), "PUT"));
        assertEquals(List.of(DATA_PATH, STATUS_PATH), paths(other(), "DELETE"),
                "a copy left by an earlier list of gateways is deleted, once per process");
    }

    @Test
    void aNonOwnerThatIsDownDoesNotKeepThePushFromTheOwner() {
        other().close();

        tick();

        assertEquals(List.of(DATA_PATH, STATUS_PATH), paths(owner(), "PUT"));
        assertTrue(owner().requests().get(1).body().contains("\npush_forwarder_target_up 1\n"));
    }

    @Test
    void aStaleTargetIsDeletedFromItsOwner() {
        tick();
        exporter.answer.with(503, "down", Map.of());
        tick();
        tick();

        assertEquals(List.of(DATA_PATH), paths(owner(), "DELETE"));
        assertEquals(List.of(DATA_PATH, STATUS_PATH), paths(other(), "DELETE"), "only the start-up cleanup");
    }
}
