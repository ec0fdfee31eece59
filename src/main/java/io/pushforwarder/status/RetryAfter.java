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

    /**
     * The wait a Retry-After value asks for: delay-seconds, or an HTTP-date (a date in the past is a zero wait);
     * null when the value is absent or neither form. The gateway's 429s and the remote_write sender both read it here.
     *
     * @param now the time the answer arrived, to turn a date into a wait
     */
    public static Duration waitOf(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return null; // more digits than a long holds
            }
        }
        try {
            Instant until = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** When a throttled gateway may be pushed to again: the asked wait, capped, or a cautious default. */
    public static Instant parse(String value, Instant now) {
        Duration wait = waitOf(value, now);
        if (wait == null) {
            // a negative delay is no valid value, but it plainly does not ask for a pause
            wait = value != null && value.trim().matches("-[0-9]+") ? Duration.ZERO : DEFAULT;
        }
        return now.plus(wait.compareTo(LONGEST) > 0 ? LONGEST : wait);
    }
}
