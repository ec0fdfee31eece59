package io.pushforwarder.routes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.pushforwarder.status.TargetHealth;
import io.pushforwarder.testing.FakeHttpServer.Request;
import io.pushforwarder.testing.ForwarderRouteTestSupport;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.ModelToXMLDumper;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Authorization header on every HTTP call of the real routes: the exporter's credentials on the health check and
 * the scrape, the gateway's on the push, the status push and the delete, each set after the headers were cleared, so
 * neither reaches the other peer. The fakes show the headers, which the real servers do not.
 */
class SecurityRouteTest extends ForwarderRouteTestSupport {

    private static final String EXPORTER_BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("scraper:exporter-pw".getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path dir;
    static Path tokenFile;

    @BeforeAll
    static void writeToken() throws IOException {
        tokenFile = Files.writeString(dir.resolve("gateway-token"), "token-one\n");
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "forwarder.exporter.health-url", exporter.url("/healthz"),
                "forwarder.exporter.username", "scraper",
                "forwarder.exporter.password", "exporter-pw",
                "forwarder.pushgateway.bearer-token-file", tokenFile.toString(),
                "forwarder.stale.delete-after", "2");
    }

    private TargetHealth health() {
        return context.getRegistry().lookupByNameAndType("targetHealth", TargetHealth.class);
    }

    @Test
    void eachPeerGetsItsOwnCredentialsAndNoneOfTheOther() {
        tick();

        List<Request> exporterCalls = exporter.requests();
        assertEquals(List.of("/healthz", "/metrics"), exporterCalls.stream().map(Request::path).toList());
        exporterCalls.forEach(call -> assertEquals(EXPORTER_BASIC, call.header("Authorization"), call.path()));
        assertEquals(2, gateway.requests().size(), "data and status push");
        gateway.requests().forEach(call -> assertEquals("Bearer token-one", call.header("Authorization"),
                call.path()));
    }

    @Test
    void noSecuritySettingTravelsInTheUri() {
        tick();

        for (Request call : concat(exporter.requests(), gateway.requests())) {
            assertNull(call.query(), call.path() + "?" + call.query());
        }
    }

    @Test
    void aRotatedTokenFileIsSentOnTheNextTickWithoutRestart() throws IOException {
        tick();
        Files.writeString(tokenFile, "token-two\n");
        Files.setLastModifiedTime(tokenFile, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        try {
            tick();

            List<Request> calls = gateway.requests();
            assertEquals("Bearer token-two", calls.get(calls.size() - 1).header("Authorization"));
            assertEquals("Bearer token-two", dataPushes().get(1).header("Authorization"));
        } finally {
            Files.writeString(tokenFile, "token-one\n");
            Files.setLastModifiedTime(tokenFile, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        }
    }

    @Test
    void refusedCredentialsAreOneFailureWithoutRetryAndTheStatusRecordsIt() {
        gateway.answer.with(401, "Unauthorized\n", Map.of("WWW-Authenticate", "Basic"));
        tick();

        // one data push and one status push: the client retried nothing, the next tick is the retry
        assertEquals(1, dataPushes().stream().filter(r -> r.method().equals("PUT")).count());
        assertEquals(1, statusPushes().size());
        assertTrue(health().lastOutcome("forward-node-exporter").contains("answered HTTP 401: credentials refused "
                + "by the gateway"), health().lastOutcome("forward-node-exporter"));

        gateway.answer.with(200, "", Map.of());
        tick();
        Request status = statusPushes().get(statusPushes().size() - 1);
        assertTrue(status.body().contains("push_forwarder_failures_total{reason=\"push_auth\"} 1\n"), status.body());
    }

    @Test
    void theDeleteOfAStaleGroupCarriesTheGatewayCredentials() {
        exporter.answer.with(500, "broken", Map.of());
        tick();
        tick();

        List<Request> deletes = gateway.requests().stream().filter(r -> r.method().equals("DELETE")).toList();
        assertEquals(1, deletes.size(), gateway.requests().toString());
        assertEquals("Bearer token-one", deletes.get(0).header("Authorization"));
    }

    /** What camel.main.dump-routes=xml would print, and every endpoint URI Camel logs: beans named, no secret. */
    @Test
    void aRouteDumpAndTheEndpointUrisHoldNoSecret() throws Exception {
        tick();
        ModelToXMLDumper dumper = PluginHelper.getModelToXMLDumper(context);
        StringBuilder dump = new StringBuilder();
        for (RouteDefinition route : context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinitions()) {
            // placeholders resolved, as the dump shows the running routes
            dump.append(dumper.dumpModelAsXml(context, route, true, false, false));
        }
        context.getEndpoints().forEach(endpoint -> dump.append(endpoint.getEndpointUri()).append('\n'));

        String text = dump.toString();
        assertTrue(text.contains("httpClientConfigurer") && text.contains("pushgatewayCredentials"), text);
        for (String secret : List.of("exporter-pw", "token-one", EXPORTER_BASIC.substring(6))) {
            assertFalse(text.contains(secret), text);
        }
    }

    private static List<Request> concat(List<Request> a, List<Request> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
