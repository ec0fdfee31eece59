package io.pushforwarder.push;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PushFailuresTest {

    private final PushFailures failures = new PushFailures();

    private static Throwable failure(String what) {
        return switch (what) {
            case "refused" -> new ConnectException("Connection refused");
            case "timeout" -> new SocketTimeoutException("Read timed out");
            case "io" -> new IOException("Connection reset");
            case "state" -> new IllegalStateException("not a network failure");
            case "tls" -> new javax.net.ssl.SSLHandshakeException("PKIX path building failed");
            default -> new HttpOperationFailedException("http://127.0.0.1:9091/metrics/job/node",
                    Integer.parseInt(what), "status", null, Map.of(), "answer");
        };
    }

    @ParameterizedTest(name = "{0} during {1}: retry={2}")
    @CsvSource({
        "500, push, true", "502, push, true", "503, push, true", "504, push, true",
        "400, push, false", "401, push, false", "403, push, false", "404, push, false", "405, push, false",
        "429, push, false", "tls, push, false", "refused, push, true", "timeout, push, true", "io, push, true", "state, push, false",
        // a scrape is never retried within the tick: the next tick scrapes afresh
        "refused, scrape, false", "503, scrape, false", "refused, health_check, false",
    })
    void onlyBusyGatewaysAndNetworkErrorsOfThePushAreRetried(String what, String stage, boolean retry) {
        assertEquals(retry, failures.retryable(stage, failure(what)));
    }

    @ParameterizedTest
    @CsvSource({"503, push_status", "refused, push_error", "timeout, push_error"})
    void theKindNamesAnswerOrNetwork(String what, String kind) {
        assertEquals(kind, failures.kind(failure(what)));
    }
}
