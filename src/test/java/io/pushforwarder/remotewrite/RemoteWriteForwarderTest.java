package io.pushforwarder.remotewrite;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.pushforwarder.exposition.ScrapeRules;
import io.pushforwarder.exposition.ScrapeValidator;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The routes' remote-write step reads the exchange; without a URL it names the key (real sink: RemoteWriteSinkIT). */
class RemoteWriteForwarderTest {

    @Test
    void asTheFlowsStepWithoutAUrlItNamesTheMissingKey() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty("groupLabels", Map.of("job", "node", "instance", "web-1"));
        exchange.setProperty("validScrape", new ScrapeValidator().validate(
                new ByteArrayInputStream("# TYPE a gauge\na 1\n".getBytes(StandardCharsets.UTF_8)),
                ScrapeRules.defaults()));

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> new RemoteWriteForwarder(null).process(exchange));

        assertEquals("a target writes to remote-write but forwarder.remote-write.url is not set", failure.getMessage());
    }
}
