package io.pushforwarder.status;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @ParameterizedTest(name = "Retry-After ''{0}'' -> wait {1} s")
    @CsvSource(nullValues = "NULL", value = {
        "120, 120",
        "0, 0",
        "' 30 ', 30",
        "'Wed, 25 Nov 2026 12:05:00 GMT', 300",
        // a date in the past means: go ahead
        "'Wed, 25 Nov 2026 11:00:00 GMT', 0",
        // missing or unreadable: a cautious default rather than hammering the gateway
        "NULL, 60",
        "'', 60",
        "soon, 60",
        "-5, 0",
        // an absurd wait is capped: the status must come back eventually
        "999999, 3600",
    })
    void readsSecondsOrAnHttpDate(String header, long expectedSeconds) {
        assertEquals(NOW.plusSeconds(expectedSeconds), RetryAfter.parse(header, NOW));
    }

    @Test
    void theHeaderIsFoundWhateverTheCaseOfItsName() {
        assertEquals("120", RetryAfter.of(Map.of("Retry-after", "120", "Content-Type", "text/plain")));
        assertEquals("7", RetryAfter.of(Map.of("RETRY-AFTER", "7")));
        assertNull(RetryAfter.of(Map.of("Content-Type", "text/plain")));
        assertNull(RetryAfter.of(null));
    }
}
