package io.pushforwarder.remotewrite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pushforwarder.exposition.Label;
import io.pushforwarder.exposition.MetricType;
import io.pushforwarder.exposition.SampleVisitor;
import io.pushforwarder.exposition.ValidScrape;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Service;

/**
 * The routes' side of the remote_write sink: turns a validated scrape into samples stamped with the scrape's time and
 * the target's grouping labels, plus an {@code up} series, and queues them for the sender. A failed scrape still
 * writes {@code up 0}: unlike the Pushgateway, a remote_write receiver then knows the target is down.
 *
 * <p>Bound in every configuration so that the routes stay unconditional; without a URL it refuses to be used.
 */
public final class RemoteWriteForwarder implements Service, Processor {

    private final RemoteWriteSink sink;

    /** @param sink null when no remote_write URL is configured */
    public RemoteWriteForwarder(RemoteWriteSink sink) {
        this.sink = sink;
    }

    /**
     * The flow's remote-write step ({@code process: ref: remoteWrite}): {@link #write} with the target's labels and
     * scrape from the exchange properties that TargetSettings and AcceptScrape set. A {@code bean:} step would parse
     * its method string and evaluate both arguments on every tick.
     */
    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        write(exchange.getProperty("groupLabels", Map.class), exchange.getProperty("validScrape", ValidScrape.class));
    }

    /** Queues every sample of a good scrape and {@code up 1}. */
    public void write(Map<String, String> groupLabels, ValidScrape scrape) {
        TargetSamples samples = new TargetSamples(groupLabels, System.currentTimeMillis());
        scrape.forEachSample(new SampleVisitor() {
            @Override
            public void family(String name, MetricType type, String help) {
                // remote_write 1.0 carries no metadata with the samples
            }

            @Override
            public void sample(String name, List<Label> labels, double value, Long timestampMs) {
                Map<String, String> series = new LinkedHashMap<>();
                for (Label label : labels) {
                    series.put(label.name(), label.value());
                }
                samples.add(name, series, value);
            }
        });
        requireSink().offer(samples.up(true).samples());
    }

    /** Queues {@code up 0} for a target whose tick pushed nothing. */
    public void writeDown(Map<String, String> groupLabels) {
        requireSink().offer(List.of(TargetSamples.upSample(groupLabels, false, System.currentTimeMillis())));
    }

    public RemoteWriteStats stats() {
        return sink == null ? null : sink.stats();
    }

    /** The sink's figures for the status group; empty when there is no sink. */
    public String exposition() {
        return sink == null ? "" : sink.stats().exposition();
    }

    private RemoteWriteSink requireSink() {
        if (sink == null) {
            throw new IllegalStateException("a target writes to remote-write but forwarder.remote-write.url is not set");
        }
        return sink;
    }

    @Override
    public void start() {
        if (sink != null) {
            sink.start();
        }
    }

    @Override
    public void stop() {
        if (sink != null) {
            sink.stop();
        }
    }
}
