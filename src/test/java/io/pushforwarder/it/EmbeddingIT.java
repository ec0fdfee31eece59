package io.pushforwarder.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;

import io.pushforwarder.exposition.InvalidScrapeException;
import io.pushforwarder.testing.Loopback;
import io.pushforwarder.testing.Pushgateway;
import io.pushforwarder.testing.RealStack;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * push-forwarder inside someone else's Camel application: a plain {@link DefaultCamelContext}, not our Main, with
 * none of our config/ and none of the beans our Main binds. It loads the route template and the Kamelets from the
 * classpath, as the library jar ships them, and pushes to a real Pushgateway.
 */
class EmbeddingIT {

    /** The host's own routes, as the README shows them: a target of our template and a route using the sink. */
    private static final String HOST_ROUTES = """
            - templatedRoute:
                routeTemplateRef: forward-exporter
                routeId: forward-node
                parameters:
                  - name: exporterUrl
                    value: "{{host.exporter-url}}"
                  - name: job
                    value: node
                  - name: instance
                    value: esb-1
                  - name: pushgatewayUrl
                    value: "{{host.pushgateway-url}}"
                  - name: schedule
                    value: "0/1 * * * * ?"
            - route:
                id: publish-order-metrics
                description: "The host pushes metrics it made itself"
                from:
                  uri: direct:order-metrics
                  steps:
                    - to: "kamelet:pushgateway-sink?url={{host.pushgateway-url}}&job=orders&instance=esb-1&groupingLabels=queue=/orders/eu"
            - route:
                id: relay-node-scrapes
                description: "Scrapes node_exporter and pushes each checked scrape to its own group"
                from:
                  uri: kamelet:prometheus-scrape-source
                  parameters:
                    url: "{{host.exporter-url}}"
                    schedule: "0/1 * * * * ?"
                  steps:
                    - to: seda:scrapes
                    - to:
                        uri: kamelet:pushgateway-sink
                        parameters:
                          url: "{{host.pushgateway-url}}"
                          job: node-relayed
                          instance: esb-1
            """;

    @TempDir
    Path dir;
    private RealStack stack;
    private CamelContext host;

    @AfterEach
    void stopAll() throws Exception {
        if (host != null) {
            host.stop();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private CamelContext startHost(String gatewayUrl, String exporterUrl, String hostRoutes) throws Exception {
        host = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("host.pushgateway-url", gatewayUrl);
        properties.setProperty("host.exporter-url", exporterUrl);
        host.getPropertiesComponent().setInitialProperties(properties);
        // what camel.main.routes-include-pattern=classpath:push-forwarder/*.yaml does in a camel-main host
        Collection<Resource> ours = PluginHelper.getPackageScanResourceResolver(host)
                .findResources("classpath:push-forwarder/*.yaml");
        // every shipped route file but targets.camel.yaml, plus the host defaults
        assertEquals(6, ours.size(), "the jar's push-forwarder/ folder: " + ours);
        PluginHelper.getRoutesLoader(host).loadRoutes(ours);
        PluginHelper.getRoutesLoader(host).loadRoutes(ResourceHelper.fromString("host.camel.yaml", hostRoutes));
        host.start();
        return host;
    }

    @Test
    void theTemplateAndTheKameletsRunInAPlainCamelContext() throws Exception {
        stack = new RealStack(dir);
        String exporter = stack.startNodeExporter(Loopback.freePort());
        Pushgateway gateway = stack.startPushgateway();
        startHost(gateway.url(), exporter, HOST_ROUTES);

        // the template: node_exporter's scrape in its group, and the status group next to it, with no lock bound
        await("the template's push").atMost(Duration.ofSeconds(20))
                .until(() -> gateway.seriesOf("node_cpu_seconds_total", "node", "esb-1") > 0);
        await("the template's status group").atMost(Duration.ofSeconds(10))
                .until(() -> gateway.statusPushTimesByInstance("node").containsKey("esb-1"));

        // the sink: the host's own metrics, in a group whose label value holds '/'
        host.createProducerTemplate().sendBody("direct:order-metrics",
                "# TYPE orders_processed_total counter\norders_processed_total 42\n");
        String pushed = "orders_processed_total{instance=\"esb-1\",job=\"orders\",queue=\"/orders/eu\"} 42";
        assertTrue(Loopback.get(gateway.url() + "/metrics").contains(pushed), "the gateway holds " + pushed);
        // a Content-Length header left over from an earlier HTTP call does not describe the body: it is not checked
        host.createProducerTemplate().sendBodyAndHeader("direct:order-metrics",
                "# TYPE orders_processed_total counter\norders_processed_total 43\n", "Content-Length", "3");
        pushed = pushed.replace(" 42", " 43");
        assertTrue(Loopback.get(gateway.url() + "/metrics").contains(pushed), "the gateway holds " + pushed);
        double pushedAt = gateway.pushTimesByInstance("orders").get("esb-1");

        // bad bodies are refused before anything is sent: the group keeps its metrics and its push time
        for (String bad : new String[] {"", "<html><body>502 Bad Gateway</body></html>", "orders_processed_total"}) {
            CamelExecutionException refused = assertThrows(CamelExecutionException.class,
                    () -> host.createProducerTemplate().sendBody("direct:order-metrics", bad));
            assertInstanceOf(InvalidScrapeException.class, refused.getCause(), "refused: [" + bad + "]");
        }
        assertTrue(Loopback.get(gateway.url() + "/metrics").contains(pushed), "still held: " + pushed);
        assertEquals(pushedAt, gateway.pushTimesByInstance("orders").get("esb-1"), "the group was not pushed");

        // the source: checked scrapes of the real node_exporter, as text, relayed through the sink
        String scrape = host.createConsumerTemplate().receiveBody("seda:scrapes", 15_000, String.class);
        assertTrue(scrape != null && scrape.startsWith("# HELP ") && scrape.contains("\nnode_cpu_seconds_total{"),
                String.valueOf(scrape).lines().limit(3).toList().toString());
        await("the relayed scrape").atMost(Duration.ofSeconds(15))
                .until(() -> gateway.seriesOf("node_cpu_seconds_total", "node-relayed", "esb-1") > 0);
    }

    /** A camel-main host (Camel's own Main, not ours) with the include pattern the README gives. */
    @Test
    void aCamelMainHostLoadsTheTemplateWithTheIncludePattern() throws Exception {
        stack = new RealStack(dir);
        String exporter = stack.startNodeExporter(Loopback.freePort());
        Pushgateway gateway = stack.startPushgateway();
        Path routes = Files.createDirectories(dir.resolve("host-routes"));
        Files.writeString(routes.resolve("metrics.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: forward-exporter
                    routeId: forward-node
                    parameters:
                      - name: exporterUrl
                        value: "{{host.exporter-url}}"
                      - name: job
                        value: node-main
                      - name: instance
                        value: esb-2
                      - name: pushgatewayUrl
                        value: "{{host.pushgateway-url}}"
                """);
        Path properties = Files.writeString(dir.resolve("application.properties"), """
                camel.main.name = host-esb
                camel.main.routes-include-pattern = classpath:push-forwarder/*.yaml,file:%s/*.yaml
                host.exporter-url = %s
                host.pushgateway-url = %s
                """.formatted(routes, exporter, gateway.url()));
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + properties);
        main.start();
        try {
            // the default schedule (every 15 s) also fires once at start
            await("the template's push from a camel-main host").atMost(Duration.ofSeconds(20))
                    .until(() -> gateway.seriesOf("node_cpu_seconds_total", "node-main", "esb-2") > 0);
            assertEquals("host-esb", main.getCamelContext().getName());
        } finally {
            main.stop();
        }
    }

    @Test
    void aMissingTemplateParameterIsNamedInTheError() {
        String noJob = """
                - templatedRoute:
                    routeTemplateRef: forward-exporter
                    routeId: forward-incomplete
                    parameters:
                      - name: exporterUrl
                        value: "http://127.0.0.1:9/metrics"
                """;
        Exception failure = assertThrows(Exception.class, () -> startHost("http://127.0.0.1:9", "", noJob));
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("mandatory parameters must be provided: job"), messages.toString());
    }
}
