package io.pushforwarder.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The documented defaults, the checks on bad settings, and URLs as the log shows them. */
class RemoteWriteOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        RemoteWriteOptions options = RemoteWriteOptions.defaults("http://127.0.0.1:9090/api/v1/write");
        assertEquals(URI.create("http://127.0.0.1:9090/api/v1/write"), options.url());
        assertEquals(2000, options.batchSeries());
        assertEquals(100_000, options.queueMaxSamples());
        assertEquals(32L * 1024 * 1024, options.queueMaxBytes());
        assertEquals(Duration.ofMillis(500), options.backoffInitial());
        assertEquals(Duration.ofSeconds(10), options.backoffMax());
        assertEquals(Duration.ofMinutes(5), options.retryMaxTotal());
        assertEquals(Duration.ofSeconds(2), options.connectTimeout());
        assertEquals(Duration.ofSeconds(10), options.requestTimeout());
        assertEquals(Duration.ofSeconds(5), options.drainTimeout());
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        RemoteWriteOptions options = RemoteWriteOptions.defaults("https://mimir.example/api/v1/push");
        assertMessage("batchSeries must be positive, got 0", () -> options.withBatchSeries(0));
        assertMessage("queueMaxSamples (10) must be at least batchSeries (2000)", () -> options.withQueue(10, 1));
        assertMessage("queueMaxBytes must be positive, got 0", () -> options.withQueue(5000, 0));
        assertMessage("backoffMax (PT0.1S) must not be below backoffInitial (PT1S)",
                () -> options.withBackoff(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMinutes(1)));
        assertMessage("connectTimeout must be positive, got PT0S",
                () -> options.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
        assertMessage("drainTimeout must not be negative, got PT-1S", () -> options.withDrainTimeout(Duration.ofSeconds(-1)));
        assertMessage("remote-write url must be http:// or https:// with a host, got file:///tmp/x",
                () -> RemoteWriteOptions.defaults("file:///tmp/x"));
        assertEquals(Duration.ZERO, options.withDrainTimeout(Duration.ZERO).drainTimeout());
    }

    @Test
    void logLinesShowNoUserInfoAndNoQuery() {
        assertEquals("https://mimir.example:8443/api/v1/push?<query hidden>",
                Redact.url(URI.create("https://bob:s3cret@mimir.example:8443/api/v1/push?token=abc")));
        assertEquals("http://127.0.0.1:9090/api/v1/write", Redact.url(URI.create("http://127.0.0.1:9090/api/v1/write")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RemoteWriteOptions.defaults("ftp://bob:s3cret@host/x"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().equals(expected), "got: " + e.getMessage());
    }
}
