package io.pushforwarder.status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Reads an HTTP Retry-After value: delay-seconds or an HTTP date (RFC 9110, section 10.2.3). */
public final class RetryAfter {

    /** Used when the header is missing or unreadable: long enough not to hammer a gateway that asked for a pause. */
    static final Duration DEFAULT = Duration.ofSeconds(60);
    /** A gateway asking for more than this is treated as asking for this: the status must come back eventually. */
    static final Duration LONGEST = Duration.ofHours(1);

    private RetryAfter() {
    }

    /**
     * The Retry-After value among an answer's headers, whatever the case of its name (HTTP header names are
     * case-insensitive, and a server or proxy may send {@code Retry-after}); null when there is none.
     */
    public static String of(Map<String, String> headers) {
        if (headers != null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if ("Retry-After".equalsIgnoreCase(header.getKey())) {
                    return header.getValue();
                }
            }
        }
        return null;
    }

    public static Instant parse(String value, Instant now) {
        Duration wait = DEFAULT;
        if (value != null && !value.isBlank()) {
            String text = value.trim();
            try {
                wait = Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException notSeconds) {
                try {
                    wait = Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
                } catch (DateTimeParseException notADate) {
                    wait = DEFAULT;
                }
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return now.plus(wait.compareTo(LONGEST) > 0 ? LONGEST : wait);
    }
}
