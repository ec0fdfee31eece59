package io.pushforwarder.remotewrite;

import static io.pushforwarder.remotewrite.WriteRequestEncoderTest.decode;
import static io.pushforwarder.remotewrite.WriteRequestEncoderTest.labels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pushforwarder.remotewrite.prompb.Remote.WriteRequest;
import io.pushforwarder.testing.FakeHttpServer;
import io.pushforwarder.testing.FakeHttpServer.Request;
import io.pushforwarder.testing.LogCapture;
import io.pushforwarder.testing.Loopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per HTTP outcome against an in-process receiver: what is sent, what is retried, what is dropped, and
 * what is logged. Waits between retries are recorded by a fake clock, not slept.
 */
class RemoteWriteSenderTest {

    private static final long T = 1_700_000_000_000L;
    private static final Map<String, String> TARGET = Map.of("job", "node", "instance", "web-1");

    private FakeHttpServer receiver;
    private LogCapture log;
    private final FakeTime time = new FakeTime();
    private final RemoteWriteCounters counters = new RemoteWriteCounters();

    @BeforeEach
    void start() throws Exception {
        receiver = new FakeHttpServer();
        log = LogCapture.remoteWrite();
    }

    @AfterEach
    void stop() {
        log.close();
        receiver.close();
    }

    private RemoteWriteOptions options() {
        return RemoteWriteOptions.defaults(receiver.url("/api/v1/write"))
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(1))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private RemoteWriteSender sender(RemoteWriteOptions options, RequestDecorator decorator) {
        return new RemoteWriteSender(options, RemoteWriteSender.httpClientBuilder(options).build(), decorator,
                counters, time, time);
    }

    private RemoteWriteSender sender() {
        return sender(options(), RequestDecorator.NONE);
    }

    private static List<Sample> scrape(int series) {
        TargetSamples scrape = new TargetSamples(TARGET, T);
        for (int i = 0; i < series; i++) {
            scrape.add("node_test_metric", Map.of("n", Integer.toString(i)), i);
        }
        return scrape.up(true).samples();
    }

    @Test
    void aRequestCarriesTheSpecHeadersAndTheEncodedSamples() throws Exception {
        List<Sample> samples = scrape(2);

        assertTrue(sender().send(samples));

        assertEquals(1, receiver.requests().size());
        Request request = receiver.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/api/v1/write", request.path());
        assertEquals("snappy", request.header("Content-Encoding"));
        assertEquals("application/x-protobuf", request.header("Content-Type"));
        assertEquals("0.1.0", request.header("X-Prometheus-Remote-Write-Version"));
        assertTrue(request.header("User-Agent").startsWith("push-forwarder/"), request.header("User-Agent"));
        WriteRequest body = decode(request.bytes());
        assertEquals(3, body.getTimeseriesCount());
        assertEquals(Map.of("__name__", "node_test_metric", "instance", "web-1", "job", "node", "n", "1"),
                labels(body.getTimeseries(1)));
        assertEquals(T, body.getTimeseries(1).getSamples(0).getTimestamp());

        assertEquals(3, counters.snapshot(0, 0).samplesSent());
        assertEquals(1, counters.snapshot(0, 0).batchesSent());
        assertEquals(List.of(), log.lines("WARN"));
    }

    @ParameterizedTest(name = "status {0} is success")
    @ValueSource(ints = {200, 204})
    void twoHundredsAreSuccess(int status) throws Exception {
        receiver.answer.status = status;
        assertTrue(sender().send(scrape(1)));
        assertEquals(1, receiver.requests().size());
        assertEquals(2, counters.snapshot(0, 0).samplesSent());
        assertEquals(List.of(), time.sleptMillis());
    }

    @ParameterizedTest(name = "status {0} drops the batch, no retry")
    @ValueSource(ints = {400, 401, 404, 413})
    void otherFourHundredsAreDroppedAndNeverRetried(int status) throws Exception {
        receiver.answer.with(status, "out of order sample\n", Map.of());

        assertFalse(sender().send(scrape(4)));

        assertEquals(1, receiver.requests().size(), "a " + status + " must not be retried");
        RemoteWriteStats stats = counters.snapshot(0, 0);
        assertEquals(1, stats.batchesFailed(DropReason.REJECTED));
        assertEquals(5, stats.samplesDropped(DropReason.REJECTED));
        assertEquals(0, stats.retries());
        assertEquals(0, stats.samplesSent());
        assertEquals(List.of(), time.sleptMillis());
        List<String> errors = log.lines("ERROR");
        assertEquals(1, errors.size(), log.lines().toString());
        String line = errors.get(0);
        // what, where, why, what next
        assertTrue(line.contains("remote write rejected, batch dropped and never retried"), line);
        assertTrue(line.contains("url=" + receiver.url("/api/v1/write")), line);
        assertTrue(line.contains("samples=5"), line);
        assertTrue(line.contains("reason=\"status " + status + ": out of order sample\""), line);
        assertTrue(line.contains("next batches go on"), line);
        assertEquals(status == 401, line.contains("refused the credentials, fix: check forwarder.remote-write.username"),
                line);
        assertEquals(1, stats.failedRequests());
    }

    @ParameterizedTest(name = "status {0} is retried with capped backoff")
    @ValueSource(ints = {500, 502, 503})
    void fiveHundredsAreRetriedWithCappedExponentialBackoff(int status) throws Exception {
        for (int i = 0; i < 5; i++) {
            receiver.answerNext(status, "busy", Map.of());
        }

        assertTrue(sender().send(scrape(1)));

        assertEquals(6, receiver.requests().size());
        assertEquals(List.of(10L, 20L, 40L, 40L, 40L), time.sleptMillis());
        RemoteWriteStats stats = counters.snapshot(0, 0);
        assertEquals(5, stats.retries());
        assertEquals(2, stats.samplesSent());
        assertEquals(0, stats.samplesDroppedTotal());
        // every retried request is the same batch
        assertEquals(1, receiver.requests().stream().map(r -> new String(r.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1)).distinct().count());
        List<String> warnings = log.lines("WARN");
        assertEquals(5, warnings.size());
        assertTrue(warnings.get(0).startsWith("WARN remote write failed, retrying in 10ms: url="), warnings.get(0));
        assertTrue(warnings.get(0).contains("attempt=1 reason=\"status " + status + ": busy\""), warnings.get(0));
        assertEquals(1, log.lines("INFO").size());
        assertTrue(log.lines("INFO").get(0).contains("remote write works again"), log.lines().toString());
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() throws Exception {
        receiver.answerNext(429, "slow down", Map.of("Retry-After", "3"));
        receiver.answerNext(429, "slow down", Map.of());

        assertTrue(sender(options().withBackoff(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMinutes(1)),
                RequestDecorator.NONE).send(scrape(1)));

        assertEquals(3, receiver.requests().size());
        assertEquals(List.of(3000L, 20L), time.sleptMillis(), "Retry-After beats the backoff, even past its cap");
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() throws Exception {
        String inFiveSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(6));
        receiver.answerNext(503, "", Map.of("Retry-After", inFiveSeconds));

        assertTrue(sender(options().withBackoff(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMinutes(1)),
                RequestDecorator.NONE).send(scrape(1)));

        long waited = time.sleptMillis().get(0);
        assertTrue(waited > 4000 && waited <= 6000, "waited " + waited + " ms");
    }

    @Test
    void retryAfterIsHonouredInRealTime() throws Exception {
        receiver.answerNext(429, "", Map.of("Retry-After", "1"));
        RemoteWriteOptions options = options().withBackoff(Duration.ofMillis(10), Duration.ofMillis(40),
                Duration.ofSeconds(10));
        RemoteWriteSender sender = new RemoteWriteSender(options, RemoteWriteSender.httpClientBuilder(options).build(),
                RequestDecorator.NONE);

        assertTrue(sender.send(scrape(1)));

        List<Request> requests = receiver.requests();
        assertEquals(2, requests.size());
        long gapMillis = (requests.get(1).receivedNanos() - requests.get(0).receivedNanos()) / 1_000_000;
        assertTrue(gapMillis >= 1000 && gapMillis < 3000, "the retry came " + gapMillis + " ms after the 429");
        assertEquals(1, sender.stats().retries());
    }

    @Test
    void aBatchFailingLongerThanTheBudgetIsDropped() throws Exception {
        receiver.answer.with(503, "down for maintenance", Map.of());

        assertFalse(sender(options().withBackoff(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(1)),
                RequestDecorator.NONE).send(scrape(2)));

        // waits 100, 200, 400 (700 ms); a fourth wait of 400 would end past the 1 s budget
        assertEquals(List.of(100L, 200L, 400L), time.sleptMillis());
        assertEquals(4, receiver.requests().size());
        RemoteWriteStats stats = counters.snapshot(0, 0);
        assertEquals(1, stats.batchesFailed(DropReason.RETRIES_EXHAUSTED));
        assertEquals(3, stats.samplesDropped(DropReason.RETRIES_EXHAUSTED));
        assertEquals(3, stats.retries());
        String error = log.lines("ERROR").get(0);
        assertTrue(error.contains("remote write still failing after 700ms, batch dropped"), error);
        assertTrue(error.contains("attempts=4 reason=\"status 503: down for maintenance\""), error);
    }

    @Test
    void aReceiverThatIsNotThereIsRetried() throws Exception {
        RemoteWriteOptions options = RemoteWriteOptions.defaults("http://127.0.0.1:" + Loopback.freePort() + "/api/v1/write")
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(1));

        assertFalse(sender(options, RequestDecorator.NONE).send(scrape(1)));

        assertEquals(List.of(100L, 200L, 400L), time.sleptMillis());
        assertEquals(1, counters.snapshot(0, 0).batchesFailed(DropReason.RETRIES_EXHAUSTED));
        assertTrue(log.lines("WARN").get(0).contains("reason=\"ConnectException: could not connect"),
                log.lines().toString());
    }

    @Test
    void anEmptyListSendsNothing() throws Exception {
        assertTrue(sender().send(List.of()));
        assertEquals(0, receiver.requests().size());
        assertEquals(0, counters.snapshot(0, 0).batchesSent());
    }

    @Test
    void batchesAreSplitBySeriesCount() throws Exception {
        List<Sample> samples = scrape(6); // 7 with up

        assertTrue(sender(options().withBatchSeries(3), RequestDecorator.NONE).send(samples));

        List<Integer> sizes = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Request request : receiver.requests()) {
            WriteRequest body = decode(request.bytes());
            sizes.add(body.getTimeseriesCount());
            body.getTimeseriesList().forEach(series -> values.add(series.getSamples(0).getValue()));
        }
        assertEquals(List.of(3, 3, 1), sizes);
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 1.0), values, "in order, none lost");
        assertEquals(3, counters.snapshot(0, 0).batchesSent());
    }

    @Test
    void theDecoratorAddsAuthAndNoCredentialReachesTheLog() throws Exception {
        receiver.answer.with(401, "bad token", Map.of());
        RemoteWriteOptions options = RemoteWriteOptions.defaults(
                URI.create(receiver.url("/api/v1/write?api_key=query-secret").replace("http://", "http://user:url-secret@")));

        sender(options, request -> request.header("Authorization", "Bearer header-secret")
                .header("X-Scope-OrgID", "tenant-1")).send(scrape(1));

        Request request = receiver.requests().get(0);
        assertEquals("Bearer header-secret", request.header("Authorization"));
        assertEquals("tenant-1", request.header("X-Scope-OrgID"));
        String all = String.join("\n", log.lines());
        assertTrue(all.contains("reason=\"status 401: bad token\""), all);
        for (String secret : List.of("header-secret", "url-secret", "query-secret")) {
            assertFalse(all.contains(secret), secret + " leaked into the log: " + all);
        }
    }
}
