package io.pushforwarder.exposition;

import java.util.List;

/**
 * Receives the samples of a valid exposition in body order, e.g. to encode them for remote_write.
 *
 * <p>{@link #family} is called once per metric family, just before its first sample, with the TYPE and HELP given
 * so far (a HELP line may legally come after the samples; it is then not reported). The samples of one family are
 * usually contiguous, but the format's parsers also accept a family that reappears after another one, so a
 * visitor must not assume it.
 */
public interface SampleVisitor {

    /**
     * @param name the family name: for a histogram or summary the name without {@code _bucket}, {@code _sum},
     *             {@code _count}
     * @param type the declared type, {@link MetricType#UNTYPED} when there was no TYPE line
     * @param help the unescaped HELP text, or null when none came before the first sample
     */
    void family(String name, MetricType type, String help);

    /**
     * @param name        the sample's own name, e.g. {@code http_request_duration_seconds_bucket}
     * @param labels      the labels in body order, values unescaped; {@code le} and {@code quantile} included
     * @param value       the value; NaN and the infinities are possible
     * @param timestampMs milliseconds since the epoch, or null when the line has none
     */
    void sample(String name, List<Label> labels, double value, Long timestampMs);
}
