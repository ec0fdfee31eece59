package io.pushforwarder.scrape;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.pushforwarder.config.InvalidConfigurationException;
import io.pushforwarder.exposition.InvalidScrapeException;
import io.pushforwarder.exposition.ScrapeRules;
import io.pushforwarder.exposition.ScrapeValidator;
import io.pushforwarder.exposition.SpillFailedException;
import io.pushforwarder.exposition.ValidScrape;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * One target's rules for a scrape: what is kept, dropped, limited and labelled, and how long the scrape may take.
 *
 * <p>A route template declares it as a local bean, so its setters run when the route is created and a bad regex or
 * label stops start-up instead of failing on every tick.
 */
public class TargetRules {

    private static final ScrapeValidator VALIDATOR = new ScrapeValidator();

    private final ScrapeRules.Builder builder = ScrapeRules.builder();
    private ScrapeRules rules;
    private long scrapeTimeoutMs = 10_000;

    public void setKeepNames(String regex) {
        builder.keepNames(pattern("keepNames", regex));
        rules = null;
    }

    public void setDropNames(String regex) {
        builder.dropNames(pattern("dropNames", regex));
        rules = null;
    }

    public void setMaxSeries(int maxSeries) {
        builder.maxSeries(maxSeries);
        rules = null;
    }

    /** The most of a body held in the heap; a larger one is checked and pushed from a private temporary file. */
    public void setInMemoryBytes(long inMemoryBytes) {
        try {
            builder.inMemoryBytes(inMemoryBytes);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("forwarder.scrape.in-memory-bytes", Long.toString(inMemoryBytes),
                    e.getMessage(), "use 64 or more, e.g. 1048576");
        }
        rules = null;
    }

    public void setMaxBodyBytes(long maxBodyBytes) {
        builder.maxBodyBytes(maxBodyBytes);
        rules = null;
    }

    /** Labels added to every series, {@code name=value,name2=value2}; blank means none. */
    public void setStaticLabels(String labels) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (labels != null && !labels.isBlank()) {
            for (String pair : labels.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidConfigurationException("staticLabels", labels,
                            "'" + pair.trim() + "' is not name=value", "write name=value,name2=value2");
                }
                parsed.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        try {
            builder.staticLabels(parsed);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("staticLabels", labels, e.getMessage(),
                    "use valid label names and non-empty values");
        }
        rules = null;
    }

    /** Turns all four repairs (timestamps, CRLF, final newline, OpenMetrics-only lines) on or off. */
    public void setRepairs(boolean repairs) {
        builder.repairs(repairs);
        rules = null;
    }

    public void setScrapeTimeoutMs(long scrapeTimeoutMs) {
        this.scrapeTimeoutMs = scrapeTimeoutMs;
    }

    public ScrapeRules rules() {
        if (rules == null) {
            rules = builder.build();
        }
        return rules;
    }

    /**
     * Reads and checks a scrape within the scrape deadline. On any failure the connection is aborted rather than
     * drained, since draining a slow or endless body would hold the tick.
     *
     * @param startedNanos when the scrape began, from {@link System#nanoTime()}
     */
    public ValidScrape validate(InputStream body, Long contentLength, long startedNanos)
            throws InvalidScrapeException, IOException {
        if (body == null) {
            throw InvalidScrapeException.ofBody(InvalidScrapeException.Reason.EMPTY, "the exporter sent no body");
        }
        boolean done = false;
        try {
            OptionalLong declared = contentLength == null ? OptionalLong.empty() : OptionalLong.of(contentLength);
            ValidScrape scrape = VALIDATOR.validate(new DeadlineInputStream(body, startedNanos, scrapeTimeoutMs),
                    rules(), declared);
            done = true;
            return scrape;
        } catch (ScrapeTimeoutException | SpillFailedException e) {
            throw e;
        } catch (IOException e) {
            // the client ends a body that stops short of its Content-Length or last chunk with an I/O error
            throw InvalidScrapeException.ofBody(InvalidScrapeException.Reason.TRUNCATED,
                    "the body was cut short: " + e.getMessage());
        } finally {
            if (!done && body instanceof EofSensorInputStream connection) {
                connection.abort();
            }
        }
    }

    /** The scrape as a message body that a retried push can read again. */
    public ValidScrapeBody body(ValidScrape scrape) {
        return new ValidScrapeBody(scrape);
    }

    private static Pattern pattern(String name, String regex) {
        if (regex == null || regex.isBlank()) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidConfigurationException(name, regex, "not a regular expression (" + e.getDescription()
                    + ")", "write a Java regex over metric names, e.g. go_.*|process_.*");
        }
    }
}
