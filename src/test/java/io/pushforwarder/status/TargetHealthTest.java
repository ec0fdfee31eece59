package io.pushforwarder.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.pushforwarder.exposition.ScrapeRules;
import io.pushforwarder.exposition.ScrapeValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The return values say "this is news": a target went down, came back, or pushed for the first time. A dead exporter
 * fails on every tick, and only its first failure may count.
 */
class TargetHealthTest {

    private static final String TARGET = "node-host-1";

    private final TargetHealth health = new TargetHealth();

    /**
     * Plays one tick per step: "push", or "skip <reason>". Returns what each call answered, so that a whole history
     * and its expected news fit on one table row.
     */
    private List<Boolean> play(String target, String steps) {
        List<Boolean> answers = new ArrayList<>();
        for (String step : steps.split(";")) {
            step = step.trim();
            if (step.equals("push")) {
                answers.add(health.pushed(target));
            } else if (step.startsWith("skip ")) {
                answers.add(health.skipped(target, "scrape_error", step.substring("skip ".length())));
            } else {
                throw new IllegalArgumentException("unknown step: " + step);
            }
        }
        return answers;
    }

    private static List<Boolean> booleans(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Boolean::parseBoolean).toList();
    }

    private void assertHistory(String ticks, String expectedNews, boolean expectedUp, String expectedReason) {
        List<Boolean> news = play(TARGET, ticks);

        assertEquals(booleans(expectedNews), news, ticks);
        assertEquals(expectedUp, health.isUp(TARGET), "isUp after " + ticks);
        assertEquals(expectedReason, health.downReason(TARGET), "downReason after " + ticks);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # ticks                                            | news each tick                        | up    | down reason
            push                                               | true                                  | true  |
            push; push                                         | true, false                           | true  |
            push; push; push                                   | true, false, false                    | true  |
            skip refused                                       | true                                  | false | refused
            skip refused; skip refused                         | true, false                           | false | refused
            skip refused; skip refused; skip refused           | true, false, false                    | false | refused
            skip refused; push                                 | true, true                            | true  |
            skip refused; push; push                           | true, true, false                     | true  |
            push; skip refused                                 | true, true                            | false | refused
            push; push; skip refused; skip refused; push; push | true, false, true, false, true, false | true  |
            push; skip refused; push; skip refused             | true, true, true, true                | false | refused
            """)
    void onlyAChangeBetweenUpAndDownIsNews(String ticks, String expectedNews, boolean expectedUp,
            String expectedReason) {
        assertHistory(ticks, expectedNews, expectedUp, expectedReason);
    }

    // The target did not change state, so a new cause is no new outage (TargetHealth logs it at INFO, not WARN);
    // the reason must still move on, so that the "back up" line names the latest cause.
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # ticks                                                        | news each tick                  | up    | down reason
            skip refused; skip HTTP 500                                    | true, false                     | false | HTTP 500
            skip refused; skip HTTP 500; skip refused                      | true, false, false              | false | refused
            push; skip refused; skip timeout; skip timeout                 | true, true, false, false        | false | timeout
            skip HTTP 500; skip HTTP 500; skip refused; skip refused; push | true, false, false, false, true | true  |
            """)
    void aNewReasonWhileDownIsNotNewsButReplacesTheReason(String ticks, String expectedNews, boolean expectedUp,
            String expectedReason) {
        assertHistory(ticks, expectedNews, expectedUp, expectedReason);
    }

    @Test
    void aTargetNeverSeenIsNeitherUpNorDown() {
        assertFalse(health.isUp(TARGET));
        assertNull(health.downReason(TARGET));
    }

    @Test
    void isUpAndDownReasonFollowEachTick() {
        health.pushed(TARGET);
        assertTrue(health.isUp(TARGET));
        assertNull(health.downReason(TARGET));

        health.skipped(TARGET, "scrape_error", "refused");
        assertFalse(health.isUp(TARGET));
        assertEquals("refused", health.downReason(TARGET));

        health.skipped(TARGET, "scrape_error", "timeout");
        assertFalse(health.isUp(TARGET));
        assertEquals("timeout", health.downReason(TARGET));

        health.pushed(TARGET);
        assertTrue(health.isUp(TARGET));
        assertNull(health.downReason(TARGET));
    }

    @Test
    void targetsAreTrackedIndependently() {
        String a = "node-a";
        String b = "node-b";

        assertTrue(health.skipped(a, "scrape_error", "refused"));
        // a being down must not make b's first push look like a comeback or hide it
        assertTrue(health.pushed(b));
        assertFalse(health.skipped(a, "scrape_error", "refused"));
        // the same reason that is old news for a is news for b, which was up
        assertTrue(health.skipped(b, "scrape_error", "refused"));
        assertTrue(health.pushed(a));

        assertTrue(health.isUp(a));
        assertNull(health.downReason(a));
        assertFalse(health.isUp(b));
        assertEquals("refused", health.downReason(b));
        assertFalse(health.pushed(a));
        assertTrue(health.pushed(b));
    }

    @Test
    void theStatusGroupCountsFailuresByKindAndKeepsTheLastSuccess() throws Exception {
        health.tickStarted(TARGET, "http://127.0.0.1:9091", "job/node/instance/host-1");
        health.scrapeStarted(TARGET);
        health.scraped(TARGET, new ScrapeValidator().validate(
                new ByteArrayInputStream("# TYPE a gauge\na 1\nb{x=\"1\"} 2 1700000000000\n".getBytes()),
                ScrapeRules.defaults()));
        health.pushStarted(TARGET);
        health.pushed(TARGET);
        health.skipped(TARGET, "scrape_error", "refused");
        health.skipped(TARGET, "scrape_error", "refused");
        health.skipped(TARGET, "scrape_status", "HTTP 500");

        String status = health.statusExposition(TARGET);

        assertTrue(status.contains("\npush_forwarder_target_up 0\n"), status);
        assertTrue(status.contains("\npush_forwarder_failures_total{reason=\"scrape_error\"} 2\n"), status);
        assertTrue(status.contains("\npush_forwarder_failures_total{reason=\"scrape_status\"} 1\n"), status);
        assertTrue(status.contains("\npush_forwarder_series 2\n"), status);
        assertTrue(status.contains("\npush_forwarder_pushes_total 1\n"), status);
        assertTrue(status.contains("\npush_forwarder_scrape_bytes 30\n"), status);
        assertTrue(status.contains("push_forwarder_build_info{version=\""), status);
        assertTrue(status.contains("\npush_forwarder_repairs_total{repair=\"strip_timestamp\"} 1\n"), status);
        double lastSuccess = Double.parseDouble(status.lines()
                .filter(l -> l.startsWith("push_forwarder_last_success_timestamp_seconds ")).findFirst().orElseThrow()
                .split(" ")[1]);
        assertTrue(Math.abs(lastSuccess - System.currentTimeMillis() / 1000.0) < 60, status);
    }

    @ParameterizedTest(name = "delete after {0}")
    @CsvSource({"0, false false false false", "1, true false false false", "3, false false true false"})
    void aStaleDeleteIsDueOnceOnTheNthFailedTickInARow(int deleteAfter, String expected) {
        List<Boolean> due = new ArrayList<>();
        for (int tick = 0; tick < 4; tick++) {
            health.skipped(TARGET, "scrape_error", "refused");
            due.add(health.staleDeleteDue(TARGET, deleteAfter));
        }
        assertEquals(Arrays.stream(expected.split(" ")).map(Boolean::parseBoolean).toList(), due);

        health.pushed(TARGET);
        health.skipped(TARGET, "scrape_error", "refused");
        assertEquals(deleteAfter == 1, health.staleDeleteDue(TARGET, deleteAfter), "a new outage counts afresh");
    }

    @Test
    void aReplicatedTargetCountsEachGatewaysFailuresAndStaysUpWhileOneGatewayTakesIt() throws Exception {
        String a = "http://10.0.0.1:9091";
        String b = "http://10.0.0.2:9091";
        health.tickStarted(TARGET, a + "," + b, "job/node/instance/host-1");
        health.replicaFailed(TARGET, a, "push_error", "connection refused");
        health.replicaPushed(TARGET, b);
        assertEquals(1, health.replicasPushed(TARGET));
        health.pushed(TARGET);
        health.tickStarted(TARGET, a + "," + b, "job/node/instance/host-1");
        assertEquals(0, health.replicasPushed(TARGET), "counted per tick");
        health.replicaFailed(TARGET, a, "push_status", "HTTP 503");
        health.replicaFailed(TARGET, b, "push_status", "HTTP 503");

        assertEquals(0, health.replicasPushed(TARGET));
        assertEquals("push_status", health.replicaFailureKind(TARGET));
        assertTrue(health.replicaFailureReason(TARGET).contains(b + ": HTTP 503"), health.replicaFailureReason(TARGET));
        String status = health.statusExposition(TARGET);
        assertTrue(status.contains("push_forwarder_gateway_failures_total{gateway=\"" + a
                + "\",reason=\"push_error\"} 1\n"), status);
        assertTrue(status.contains("push_forwarder_gateway_failures_total{gateway=\"" + a
                + "\",reason=\"push_status\"} 1\n"), status);
        assertTrue(status.contains("\npush_forwarder_target_up 1\n"), "the tick before pushed to one gateway");
        // what the gateway would refuse, the strict validator refuses too
        new ScrapeValidator().validate(new ByteArrayInputStream(status.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                ScrapeRules.builder().repairs(false).build());
    }

    @Test
    void aThrottledGatewayOfAReplicatedTargetHoldsBackThatGatewayOnly() {
        String a = "http://10.0.0.1:9091";
        health.throttle(TARGET, "60", a);

        assertTrue(health.gatewayThrottled(TARGET, a));
        assertFalse(health.gatewayThrottled(TARGET, "http://10.0.0.2:9091"));
        assertFalse(health.throttled(TARGET), "the target itself is not held back");
        health.throttle(TARGET, "60", null);
        assertTrue(health.throttled(TARGET), "one gateway: the target is held back, as before");
    }
}
