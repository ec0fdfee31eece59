package io.pushforwarder.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.pushforwarder.testing.FakeHttpServer;
import io.pushforwarder.testing.FakeHttpServer.Answer;
import io.pushforwarder.testing.FakeHttpServer.Ending;
import io.pushforwarder.testing.ForwarderProcess;
import io.pushforwarder.testing.Loopback;
import io.pushforwarder.testing.ManagedProcess;
import io.pushforwarder.testing.Pushgateway;
import io.pushforwarder.testing.RealStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Never push bad data: a bad scrape leaves the real gateway's group exactly as the last good push left it, and a
 * repaired or filtered scrape arrives repaired. A fake stands only on the exporter side, for bodies no real exporter
 * sends on demand; every assertion reads what the real Pushgateway holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadScrapeIT {

    private static final String GOOD = "# TYPE good_metric gauge\ngood_metric 1\n";

    private Path dir;
    private RealStack stack;
    private Pushgateway gateway;
    private FakeHttpServer exporter;
    private Path work;
    private int run;

    @BeforeAll
    void startStack(@TempDir Path dir) throws Exception {
        this.dir = dir;
        stack = new RealStack(dir);
        gateway = stack.startPushgateway();
        exporter = new FakeHttpServer();
        work = ForwarderProcess.workDir(dir, "work");
    }

    @AfterAll
    void stopStack() throws InterruptedException {
        exporter.close();
        stack.close();
    }

    /** One --once run of the real forwarder against the fake exporter; returns its exit code and output. */
    private ManagedProcess once(String instance, Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "FORWARDER_EXPORTER_URL", exporter.url("/metrics"),
                "FORWARDER_PUSHGATEWAY_URL", gateway.url(),
                "FORWARDER_INSTANCE", instance,
                "FORWARDER_EXPORTER_RESPONSE_TIMEOUT_MS", "1500",
                "FORWARDER_EXPORTER_SCRAPE_TIMEOUT_MS", "3000",
                "FORWARDER_SCRAPE_MAX_BODY_BYTES", "100000",
                "FORWARDER_LOCK_DIR", dir.resolve("lock").toString()));
        // every second: a cron slot falls inside each slow (trickling) tick, and --once must not run it as well
        env.put("FORWARDER_SCHEDULE", "* * * * * ?");
        env.putAll(extraEnv);
        ManagedProcess forwarder = stack.track(ForwarderProcess.start("once-" + (++run), work, env, "--once"));
        forwarder.awaitExit(Duration.ofSeconds(40));
        return forwarder;
    }

    static Stream<Arguments> badScrapes() {
        byte[] invalidUtf8 = "# TYPE m gauge\nm{x=\"\u00ff\"} 1\n".getBytes(StandardCharsets.ISO_8859_1);
        return Stream.of(
                // the exporter is closed for this one, see below
                bad("refused", "scrape_error", a -> { }),
                bad("slow first byte", "scrape_error", a -> a.delayMillis = 5000),
                bad("trickling body", "scrape_error", a -> a.trickleMillisPerByte = 200),
                bad("HTTP 500", "scrape_status", a -> a.with(500, "# TYPE good_metric gauge\ngood_metric 0\n", Map.of())),
                bad("HTML", "scrape_not_exposition", a -> a.with(200, "<!DOCTYPE html><html><body>Bad gateway</body></html>\n",
                        Map.of("Content-Type", "text/html"))),
                bad("empty body", "scrape_empty", a -> a.with(200, "", Map.of())),
                bad("comments only", "scrape_empty", a -> a.with(200, "# HELP good_metric x\n# TYPE good_metric gauge\n", Map.of())),
                bad("short of Content-Length", "scrape_truncated", a -> a.ending = Ending.SHORT_OF_CONTENT_LENGTH),
                bad("chunked without last chunk", "scrape_truncated", a -> a.ending = Ending.CHUNKED_WITHOUT_LAST_CHUNK),
                bad("invalid UTF-8", "scrape_invalid_utf8", a -> a.with(200, invalidUtf8, Map.of())),
                bad("duplicate series", "scrape_duplicate_series", a -> a.with(200, "a{x=\"1\"} 1\na{x=\"1\"} 2\n", Map.of())),
                bad("oversized", "scrape_too_large", a -> a.with(200, "big 1\n".repeat(20_000), Map.of())),
                bad("over the series limit", "scrape_too_many_series",
                        a -> a.with(200, "a 1\nb 2\nc 3\n", Map.of()), Map.of("FORWARDER_SCRAPE_MAX_SERIES", "2")));
    }

    private static Arguments bad(String name, String reason, Consumer<Answer> answer) {
        return bad(name, reason, answer, Map.of());
    }

    private static Arguments bad(String name, String reason, Consumer<Answer> answer, Map<String, String> env) {
        return Arguments.of(name, reason, answer, env);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badScrapes")
    void aBadScrapeLeavesTheLastGoodGroupUntouched(String name, String reason, Consumer<Answer> answer,
            Map<String, String> env) throws Exception {
        String instance = "bad-" + name.replace(' ', '-').toLowerCase();
        exporter.answer.with(200, GOOD, Map.of());
        ManagedProcess good = once(instance, env);
        assertTrue(good.output().contains(": pushed "), good.output());
        double lastGoodPush = gateway.pushTimesByInstance("node").get(instance);

        FakeHttpServer refusing = null;
        if (name.equals("refused")) {
            refusing = exporter;
            exporter.close();
        } else {
            answer.accept(exporter.answer);
        }
        ManagedProcess bad = once(instance, env);
        if (refusing != null) {
            exporter = new FakeHttpServer();
        }

        assertEquals(1, bad.awaitExit(Duration.ofSeconds(1)), bad.output());
        assertFalse(bad.output().contains(": pushed "), bad.output());
        assertTrue(bad.output().contains(": skipped: "), bad.output());
        assertEquals(lastGoodPush, gateway.pushTimesByInstance("node").get(instance), "the group was pushed over");
        assertEquals(1, gateway.seriesOf("good_metric", "node", instance), "the last good metric is gone");
        String counted = "push_forwarder_failures_total{instance=\"" + instance
                + "\",job=\"node\",push_forwarder=\"status\",reason=\"" + reason + "\"} 1";
        await("the failure counted as " + reason).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> {
                    String held = Loopback.get(gateway.url() + "/metrics");
                    assertTrue(held.contains(counted), () -> "the gateway's status lines of " + instance + ":\n"
                            + held.lines().filter(line -> line.contains("instance=\"" + instance + "\"")
                                    && line.contains("push_forwarder=\"status\"")).collect(Collectors.joining("\n"))
                            + "\n--- the bad run's output:\n" + bad.output());
                });
    }

    @Test
    void aRepairableScrapeArrivesRepairedAndFilteredAsConfigured() throws Exception {
        exporter.answer.with(200, "# TYPE go_goroutines gauge\r\ngo_goroutines 7\r\n"
                + "# TYPE app_requests_total counter\r\napp_requests_total{code=\"200\"} 5 1700000000000\r\n"
                + "# EOF", Map.of());

        ManagedProcess forwarder = once("repaired", Map.of("FORWARDER_SCRAPE_DROP_NAMES", "go_.*",
                "FORWARDER_SCRAPE_STATIC_LABELS", "env=test"));

        assertTrue(forwarder.output().contains("forward-node-exporter: pushed 1 series"), forwarder.output());
        String held = Loopback.get(gateway.url() + "/metrics");
        assertTrue(held.contains("app_requests_total{code=\"200\",env=\"test\",instance=\"repaired\",job=\"node\"} 5\n"),
                held);
        assertFalse(held.contains("go_goroutines{instance=\"repaired\""), "a dropped family was pushed");
        assertTrue(held.contains("push_forwarder_repairs_total{instance=\"repaired\",job=\"node\","
                + "push_forwarder=\"status\",repair=\"strip_timestamp\"} 1"), held);
    }

    @Test
    void aLargeScrapeTravelsGzippedOnceAndTheGatewayHoldsIt() throws Exception {
        StringBuilder big = new StringBuilder("# TYPE big_metric gauge\n");
        for (int i = 0; big.length() < 80_000; i++) {
            big.append("big_metric{i=\"").append(i).append("\"} ").append(i).append('\n');
        }
        long series = big.toString().lines().filter(l -> l.startsWith("big_metric{")).count();
        exporter.answer.with(200, big.toString(), Map.of());

        // over forwarder.push.gzip-min-bytes (64 KiB), under max-body-bytes
        ManagedProcess forwarder = once("gzipped", Map.of("FORWARDER_SCRAPE_MAX_BODY_BYTES", "200000"));

        assertEquals(0, forwarder.awaitExit(Duration.ofSeconds(1)), forwarder.output());
        assertEquals(series, gateway.seriesOf("big_metric", "node", "gzipped"));
    }
}
