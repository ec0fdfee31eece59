package io.pushforwarder.remotewrite;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.pushforwarder.exposition.ScrapeRules;
import io.pushforwarder.exposition.ScrapeValidator;
import io.pushforwarder.exposition.ValidScrape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sink's figures as status-group lines: valid exposition, every drop reason present, the queue in flight counted. */
class RemoteWriteStatsTest {

    @Test
    void theFiguresAreValidExpositionWithHelpAndType() throws Exception {
        RemoteWriteStats stats = new RemoteWriteStats(1200, 3, 2, Map.of(DropReason.REJECTED, 5L,
                DropReason.QUEUE_FULL, 7L), Map.of(DropReason.REJECTED, 1L), 40, 5000, 10, 3);

        String text = stats.exposition();

        // the project's strict validator, with repairs off: what the gateway would refuse, it refuses too
        ValidScrape scrape = new ScrapeValidator().validate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                ScrapeRules.builder().repairs(false).build());
        assertEquals(5, scrape.familyCount());
        assertEquals(8, scrape.seriesCount());
        assertEquals(0, scrape.repairs().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(text.contains("# TYPE push_forwarder_remote_write_samples_sent_total counter\n"
                + "push_forwarder_remote_write_samples_sent_total 1200\n"), text);
        assertTrue(text.contains("push_forwarder_remote_write_queue_samples 50\n"), "queue plus the batch in flight");
        assertTrue(text.contains("push_forwarder_remote_write_samples_dropped_total{reason=\"rejected\"} 5\n"), text);
        assertTrue(text.contains("push_forwarder_remote_write_samples_dropped_total{reason=\"shutdown\"} 0\n"),
                "every reason is there from the start, so rate() works on the first drop");
        assertTrue(text.contains("push_forwarder_remote_write_failed_requests_total 3\n"), text);
    }
}
