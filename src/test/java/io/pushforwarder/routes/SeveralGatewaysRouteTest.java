package io.pushforwarder.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import io.pushforwarder.push.RendezvousHashing;
import io.pushforwarder.testing.FakeHttpServer;
import io.pushforwarder.testing.FakeHttpServer.Request;
import io.pushforwarder.testing.ForwarderRouteTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes with two gateways: in shard mode the target's groups all go to its one owner, in replicate mode to both,
 * and a failing gateway does not keep the push from the other. Fakes, because these tests count requests per gateway
 * and make one gateway fail on demand; SeveralPushgatewaysIT covers the real gateways.
 */
class SeveralGatewaysRouteTest {

    private static final String DATA_PATH = "/metrics/job/node/instance/host-1";
    private static final String STATUS_PATH = DATA_PATH + "/push_forwarder/status";

    abstract static class TwoGateways extends ForwarderRouteTestSupport {

        protected FakeHttpServer second;

        abstract String mode();

        @Override
        protected Map<String, String> extraProperties() {
            try {
                second = new FakeHttpServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("forwarder.pushgateway.url", gateway.url("") + "," + second.url(""),
                    "forwarder.pushgateway.mode", mode(),
                    "forwarder.stale.delete-after", "2",
                    "forwarder.push.retry-delay-ms", "20", "forwarder.push.retry-max-delay-ms", "40");
        }

        @AfterEach
        void stopSecond() {
            second.close();
        }

        static List<String> paths(FakeHttpServer server, String method) {
            return server.requests().stream().filter(r -> r.method().equals(method)).map(Request::path).toList();
        }
    }

    @Nested
    class Replicate extends TwoGateways {

        @Override
        String mode() {
            return "replicate";
        }

        @Test
        void everyGatewayGetsTheDataAndTheStatusGroup() {
            tick();

            for (FakeHttpServer server : List.of(gateway, second)) {
                assertEquals(List.of(DATA_PATH, STATUS_PATH), paths(server, "PUT"), server.requests().toString());
                String status = server.requests().get(1).body();
                assertTrue(status.contains("\npush_forwarder_target_up 1\n"), status);
            }
        }

        @Test
        void aGatewayThatFailsDoesNotKeepThePushFromTheOther() {
            // the first gateway in the list fails: the second must still be reached after its retries
            gateway.answer.with(500, "broken\n", Map.of());

            tick();
            tick();

            assertEquals(List.of(DATA_PATH, STATUS_PATH, DATA_PATH, STATUS_PATH), paths(second, "PUT"));
            String status = second.requests().get(3).body();
            assertTrue(status.contains("\npush_forwarder_target_up 1\n"), status);
            assertTrue(status.contains("push_forwarder_gateway_failures_total{gateway=\"" + gateway.url("")
                    + "\",reason=\"push_status\"} 2\n"), status);
            // 1 attempt and 3 retries per tick on the failing gateway, then its status push
            assertEquals(2 * 4, paths(gateway, "PUT").stream().filter(DATA_PATH::equals).count());
        }

        @Test
        void whenEveryGatewayFailsTheTickFailsAndTheDataGroupIsDeletedFromAllWhenStale() {
            tick();
            gateway.answer.with(400, "bad\n", Map.of());
            second.answer.with(400, "bad\n", Map.of());
            tick();
            gateway.answer.with(200, "", Map.of());
            second.answer.with(200, "", Map.of());
            exporter.answer.with(503, "down", Map.of());
            tick();

            for (FakeHttpServer server : List.of(gateway, second)) {
                List<Request> statuses = server.requests().stream().filter(r -> r.path().equals(STATUS_PATH))
                        .toList();
                assertEquals(3, statuses.size(), server.requests().toString());
                String failed = statuses.get(1).body();
                assertTrue(failed.contains("\npush_forwarder_target_up 0\n"), failed);
                assertTrue(failed.contains("push_forwarder_failures_total{reason=\"push_rejected\"} 1\n"), failed);
                // two failed ticks in a row with stale.delete-after=2: the data group goes from every gateway
                assertEquals(List.of(DATA_PATH), paths(server, "DELETE"));
            }
        }
    }

    @Nested
    class Shard extends TwoGateways {

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
}
