package io.pushforwarder.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import io.pushforwarder.status.RetryAfter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The spec's decision table, and the backoff, without any HTTP. */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(30));

    private static String show(RetryPolicy.Decision decision) {
        if (decision instanceof RetryPolicy.Retry retry) {
            return "retry " + retry.delay().toMillis();
        }
        if (decision instanceof RetryPolicy.Drop drop) {
            return "drop " + drop.reason().label();
        }
        return "success";
    }

    @ParameterizedTest(name = "status {0}, attempt {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # status | Retry-After ms | attempt | decision
            200      |                | 1       | success
            204      |                | 3       | success
            400      |                | 1       | drop rejected
            401      |                | 1       | drop rejected
            403      |                | 1       | drop rejected
            404      |                | 1       | drop rejected
            409      |                | 1       | drop rejected
            413      |                | 1       | drop rejected
            301      |                | 1       | drop rejected
            100      |                | 1       | drop rejected
            500      |                | 1       | retry 100
            502      |                | 2       | retry 200
            503      |                | 3       | retry 400
            504      |                | 4       | retry 800
            500      |                | 5       | retry 1000
            500      |                | 60      | retry 1000
            429      |                | 1       | retry 100
            429      | 2000           | 1       | retry 2000
            429      | 50             | 3       | retry 400
            503      | 5000           | 2       | retry 5000
            429      | 0              | 1       | retry 100
            """)
    void decisionTable(int status, Long retryAfterMs, int attempt, String expected) {
        Duration retryAfter = retryAfterMs == null ? null : Duration.ofMillis(retryAfterMs);
        assertEquals(expected, show(policy.afterAnswer(status, retryAfter, attempt, Duration.ofSeconds(1))));
    }

    @Test
    void transportErrorsAreRetriedLikeA5xx() {
        assertEquals("retry 100", show(policy.afterTransportError(1, Duration.ZERO)));
        assertEquals("retry 1000", show(policy.afterTransportError(9, Duration.ofSeconds(10))));
    }

    @Test
    void aRetryPastTheTotalBudgetIsNotMade() {
        assertEquals("retry 1000", show(policy.afterAnswer(503, null, 9, Duration.ofSeconds(29))));
        assertEquals("drop retries_exhausted", show(policy.afterAnswer(503, null, 9, Duration.ofMillis(29_001))));
        assertEquals("drop retries_exhausted", show(policy.afterAnswer(429, Duration.ofMinutes(1), 1, Duration.ZERO)));
        assertEquals("drop retries_exhausted", show(policy.afterTransportError(9, Duration.ofSeconds(30))));
        // a rejected batch stays rejected, whatever the budget
        assertEquals("drop rejected", show(policy.afterAnswer(400, null, 9, Duration.ofHours(1))));
    }

    @Test
    void backoffDoublesUpToTheCapAndNeverOverflows() {
        assertEquals(Duration.ofMillis(100), policy.backoff(1));
        assertEquals(Duration.ofMillis(800), policy.backoff(4));
        assertEquals(Duration.ofSeconds(1), policy.backoff(5));
        assertEquals(Duration.ofSeconds(1), policy.backoff(Integer.MAX_VALUE));
    }

    @ParameterizedTest(name = "Retry-After: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # header                        | wait ms from 2015-10-21T07:27:50Z
            120                             | 120000
            0                               | 0
            ' 7 '                           | 7000
            Wed, 21 Oct 2015 07:28:00 GMT   | 10000
            Wed, 21 Oct 2015 07:27:00 GMT   | 0
            soon                            |
            -5                              |
            1.5                             |
            99999999999999999999999         |
            ''                              |
            """)
    void retryAfterIsSecondsOrAnHttpDate(String header, Long expectedMs) {
        Duration wait = RetryAfter.waitOf(header, Instant.parse("2015-10-21T07:27:50Z"));
        assertEquals(expectedMs == null ? null : Duration.ofMillis(expectedMs), wait);
    }
}
