package io.pushforwarder.routes;

import java.time.Instant;
import java.util.Map;

import io.pushforwarder.status.TargetHealth;
import io.pushforwarder.testing.ForwarderRouteTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per kind of gateway answer: what is retried within the tick and what is not. The fake gateway stands in
 * because these are answers a healthy real gateway does not give on demand (5xx, 429); the 400 case is also
 * covered against the real gateway.
 */
class GatewayAnswersRouteTest extends ForwarderRouteTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("forwarder.push.retry-delay-ms", "20", "forwarder.push.retry-max-delay-ms", "80");
    }

    @ParameterizedTest(name = "HTTP {0}: {1} attempt(s), then reason {2}")
    @CsvSource({
        "200, 1, ",
        "202, 1, ",
        "400, 1, push_rejected",
        "401, 1, push_auth",
        "403, 1, push_auth",
        "404, 1, push_url",
        "405, 1, push_url",
        "429, 1, push_throttled",
        // 1 attempt + forwarder.push.retries (3)
        "500, 4, push_status",
        "503, 4, push_status",
    })
    void eachAnswerIsRetriedOrNotAsItDeserves(int status, int attempts, String reason) {
        gateway.script(status, status, status, status, status);

        tick();

        assertEquals(attempts, dataPushes().size(), gateway.requests().toString());
        String statusGroup = statusPushes().isEmpty() ? "" : statusPushes().get(0).body();
        if (reason == null) {
            assertTrue(statusGroup.contains("\npush_forwarder_target_up 1\n"), statusGroup);
        } else if (status == 429) {
            assertTrue(statusPushes().isEmpty(), "a gateway that asked to wait gets no status push either");
        } else {
            assertTrue(statusGroup.contains("push_forwarder_failures_total{reason=\"" + reason + "\"} 1"), statusGroup);
        }
    }

    @Test
    void aPushThatSucceedsOnRetryCountsAsPushed() {
        gateway.script(503, 502);

        tick();

        assertEquals(3, dataPushes().size());
        assertTrue(statusPushes().get(0).body().contains("\npush_forwarder_target_up 1\n"));
    }

    @Test
    void after429NothingIsPushedUntilRetryAfterHasPassed() {
        gateway.answer.with(429, "slow down", Map.of("Retry-After", "3600"));
        tick();
        gateway.answer.with(200, "", Map.of());
        tick();
        tick();

        assertEquals(1, gateway.requests().size(), "only the push that got the 429: " + gateway.requests());
        assertEquals(1, exporter.requests().size(), "a throttled tick does not even scrape");
        // the gateway's own Retry-After (an hour), not the 60 s used without one: the push call skips the answer's
        // headers, and the wait must come from the exception's copy of them
        String reason = context.getRegistry().lookupByNameAndType("targetHealth", TargetHealth.class)
                .downReason("forward-node-exporter");
        Instant until = Instant.parse(reason.substring(reason.indexOf("no push before ") + "no push before ".length()));
        assertTrue(until.isAfter(Instant.now().plusSeconds(3000)), reason);
    }

    @Test
    void aLargeBodyIsPushedGzipped() {
        StringBuilder big = new StringBuilder("# TYPE big gauge\n");
        for (int i = 0; big.length() < 70_000; i++) {
            big.append("big{i=\"").append(i).append("\"} ").append(i).append('\n');
        }
        exporter.answer.with(200, big.toString(), Map.of());

        tick();

        assertEquals("gzip", dataPushes().get(0).header("Content-Encoding"));
        assertTrue(dataPushes().get(0).body().length() < big.length() / 3, "compressed on the wire");
    }
}
