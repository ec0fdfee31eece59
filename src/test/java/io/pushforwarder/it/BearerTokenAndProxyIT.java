package io.pushforwarder.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pushforwarder.testing.FakeHttpServer;
import io.pushforwarder.testing.FakeHttpServer.Request;
import io.pushforwarder.testing.ForwarderProcess;
import io.pushforwarder.testing.Loopback;
import io.pushforwarder.testing.ManagedProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the real Pushgateway cannot show: the headers and the hop a request took. The real forwarder process talks to
 * in-process fakes on loopback, over plain http, which is legitimate here because the gateway has no bearer auth and
 * never reveals the headers it got.
 */
class BearerTokenAndProxyIT {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.test-token.Zm9yd2FyZGVy";
    private static final String METRICS = "# TYPE node_load1 gauge\nnode_load1 0.5\n";

    @TempDir
    Path dir;
    private FakeHttpServer exporter;
    private FakeHttpServer gatewayOrProxy;
    private ManagedProcess forwarder;

    @BeforeEach
    void startFakes() throws Exception {
        exporter = new FakeHttpServer();
        exporter.answer.with(200, METRICS, Map.of("Content-Type", "text/plain; version=0.0.4"));
        gatewayOrProxy = new FakeHttpServer();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        if (forwarder != null) {
            forwarder.close();
        }
        exporter.close();
        gatewayOrProxy.close();
    }

    private ManagedProcess once(String name, Map<String, String> overrides) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "FORWARDER_EXPORTER_URL", exporter.url("/metrics"),
                "FORWARDER_INSTANCE", name,
                "FORWARDER_LOCK_DIR", dir.resolve("lock").toString()));
        env.putAll(overrides);
        forwarder = ForwarderProcess.start(name, ForwarderProcess.workDir(dir, "work-" + name), env, "--once");
        return forwarder;
    }

    @Test
    void aBearerTokenFromAFileReachesTheGatewayAndOnlyTheGateway() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");

        ManagedProcess once = once("bearer-node", Map.of(
                "FORWARDER_PUSHGATEWAY_URL", gatewayOrProxy.url(""),
                "FORWARDER_PUSHGATEWAY_BEARER_TOKEN_FILE", tokenFile.toString()));

        assertEquals(0, once.awaitExit(Duration.ofSeconds(60)), once.output());
        List<Request> pushes = gatewayOrProxy.requests();
        assertEquals(List.of("/metrics/job/node/instance/bearer-node",
                "/metrics/job/node/instance/bearer-node/push_forwarder/status"),
                pushes.stream().map(Request::path).toList());
        pushes.forEach(push -> assertEquals("Bearer " + TOKEN, push.header("Authorization"), push.path()));
        assertNull(exporter.requests().get(0).header("Authorization"), "the exporter gets none of the gateway's");
        assertFalse(once.output().contains(TOKEN), once.output());
        assertTrue(once.output().contains("pushgateway: bearer token from file " + tokenFile), once.output());
    }

    /**
     * http_proxy sends the push through the proxy while the loopback exporter is scraped directly. The gateway's host
     * name exists only in a hosts file given to the forwarder's JVM (jdk.net.hosts.file): the forwarder does no DNS,
     * and had it bypassed the proxy it would have hit a closed loopback port, not the network.
     */
    @Test
    void theGatewayIsReachedThroughTheProxyAndTheLoopbackExporterDirectly() throws Exception {
        int closedPort = Loopback.freePort();
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 pushgateway.example.test\n");
        String gatewayUrl = "http://pushgateway.example.test:" + closedPort;
        int proxyPort = Integer.parseInt(gatewayOrProxy.url("").replaceAll(".*:", ""));

        ManagedProcess once = once("proxied-node", Map.of(
                "FORWARDER_PUSHGATEWAY_URL", gatewayUrl,
                "http_proxy", "http://127.0.0.1:" + proxyPort,
                "no_proxy", "other.example.test",
                "JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hosts));

        assertEquals(0, once.awaitExit(Duration.ofSeconds(60)), once.output());
        assertTrue(once.output().contains("forward-node-exporter: pushed 1 series, " + METRICS.length()
                + " bytes to " + gatewayUrl + "/metrics/job/node/instance/proxied-node"), once.output());
        List<Request> viaProxy = gatewayOrProxy.requests();
        assertEquals(2, viaProxy.size(), "data and status push, both through the proxy: " + viaProxy);
        for (Request push : viaProxy) {
            assertEquals("PUT", push.method());
            assertEquals("pushgateway.example.test:" + closedPort, push.header("Host"));
            assertTrue(push.path().startsWith("/metrics/job/node/instance/proxied-node"), push.path());
        }
        assertEquals(1, exporter.requests().size(), "the loopback exporter is scraped directly, never proxied");
        assertTrue(once.output().contains("http URLs via http://127.0.0.1:" + proxyPort), once.output());
    }
}
