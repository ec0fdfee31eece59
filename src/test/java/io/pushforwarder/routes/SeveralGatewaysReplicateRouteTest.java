package io.pushforwarder.routes;

import java.util.List;
import java.util.Map;

import io.pushforwarder.testing.FakeHttpServer;
import io.pushforwarder.testing.FakeHttpServer.Request;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replicate mode: every gateway gets the target; one that fails does not keep it from the other. */
class SeveralGatewaysReplicateRouteTest extends TwoGatewaysRouteTestSupport {

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
    void aGatewayThatAnswered429IsLeftAloneUntilItsRetryAfterWhileTheOtherGetsEveryTick() {
        gateway.answerNext(429, "slow down\n", Map.of("Retry-After", "60"));

        tick();
        tick();

        assertEquals(List.of(DATA_PATH), paths(gateway, "PUT"), "one push, answered 429, and nothing after");
        assertEquals(List.of(DATA_PATH, STATUS_PATH, DATA_PATH, STATUS_PATH), paths(second, "PUT"));
        String status = second.requests().get(3).body();
        assertTrue(status.contains("\npush_forwarder_target_up 1\n"), status);
        assertTrue(status.contains("push_forwarder_gateway_failures_total{gateway=\"" + gateway.url("")
                + "\",reason=\"push_throttled\"} 2\n"), status);
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
