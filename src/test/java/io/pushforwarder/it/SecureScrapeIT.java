package io.pushforwarder.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.pushforwarder.testing.ForwarderProcess;
import io.pushforwarder.testing.ManagedProcess;
import io.pushforwarder.testing.Pushgateway;
import io.pushforwarder.testing.RealStack;
import io.pushforwarder.testing.SecureClient;
import io.pushforwarder.testing.SecureServers;
import io.pushforwarder.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exporter's side: a real node_exporter behind --web.config.file (TLS, bcrypt basic auth, client certificates). */
class SecureScrapeIT {

    private static final String USER = "scraper";
    private static final String PASSWORD = "Exporter-Pa55word-41b7";

    @TempDir
    static Path pkiDir;
    static TestPki pki;

    @TempDir
    Path dir;
    private RealStack stack;
    private Pushgateway gateway;

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = TestPki.create(pkiDir);
    }

    @BeforeEach
    void startGateway() throws Exception {
        stack = new RealStack(dir);
        gateway = stack.startPushgateway();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        stack.close();
    }

    private ManagedProcess once(String name, String exporter, Map<String, String> security) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "FORWARDER_EXPORTER_URL", exporter,
                "FORWARDER_PUSHGATEWAY_URL", gateway.url(),
                "FORWARDER_INSTANCE", name,
                "FORWARDER_LOCK_DIR", dir.resolve("lock").toString()));
        env.putAll(security);
        Path work = Files.exists(dir.resolve("work")) ? dir.resolve("work") : ForwarderProcess.workDir(dir, "work");
        return stack.track(ForwarderProcess.start(name, work, env, "--once"));
    }

    private Map<String, String> basicAuth(String password) throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("exporter-pw-" + password.length()), password + "\n");
        return Map.of("FORWARDER_EXPORTER_TLS_CA_FILE", pki.ca.cert().toString(),
                "FORWARDER_EXPORTER_USERNAME", USER,
                "FORWARDER_EXPORTER_PASSWORD_FILE", passwordFile.toString());
    }

    @Test
    void nodeExporterOverTlsWithBasicAuthIsHealthCheckedScrapedAndPushed() throws Exception {
        String exporter = SecureServers.startNodeExporter(stack,
                SecureServers.webConfig(stack, "exporter-web").tls(pki.server).user(USER, PASSWORD));
        Map<String, String> security = new HashMap<>(basicAuth(PASSWORD));
        // node_exporter's landing page: the health check goes over the same TLS with the same credentials
        security.put("FORWARDER_EXPORTER_HEALTH_URL", exporter.replace("/metrics", "/"));

        ManagedProcess once = once("tls-exporter", exporter, security);

        assertEquals(0, once.awaitExit(Duration.ofSeconds(60)), once.output());
        assertEquals(1, gateway.seriesOf("node_load1", "node", "tls-exporter"), "node metrics reached the gateway");
        assertTrue(gateway.seriesOf("node_cpu_seconds_total", "node", "tls-exporter") > 0);
        // the exporter really demands the credentials
        assertEquals(401, new SecureClient(pki.ca, null, null, null).get(exporter).statusCode());
        assertFalse(once.output().contains(PASSWORD), once.output());
    }

    @Test
    void aWrongExporterPasswordSkipsTheTickWithOneLine() throws Exception {
        String exporter = SecureServers.startNodeExporter(stack,
                SecureServers.webConfig(stack, "exporter-web").tls(pki.server).user(USER, PASSWORD));

        ManagedProcess once = once("wrong-exporter-pw", exporter, basicAuth("not-" + PASSWORD));

        assertEquals(1, once.awaitExit(Duration.ofSeconds(60)), once.output());
        assertTrue(once.output().contains("forward-node-exporter: skipped: exporter answered HTTP 401"),
                once.output());
        assertEquals(1, once.output().lines().filter(line -> line.contains(" WARN ")).count(), once.output());
        assertEquals(0, gateway.seriesOf("node_load1", "node", "wrong-exporter-pw"));
    }

    @Test
    void anExporterRequiringClientCertificatesIsScrapedWithOursAndRefusedClearlyWithout() throws Exception {
        String exporter = SecureServers.startNodeExporter(stack, SecureServers.webConfig(stack, "exporter-web")
                .tls(pki.server).requireClientCertificates(pki.ca.cert()));
        Map<String, String> withCertificate = Map.of(
                "FORWARDER_EXPORTER_TLS_CA_FILE", pki.ca.cert().toString(),
                "FORWARDER_EXPORTER_TLS_CERT_FILE", pki.client.cert().toString(),
                "FORWARDER_EXPORTER_TLS_KEY_FILE", pki.client.key().toString());

        ManagedProcess good = once("mtls-exporter", exporter, withCertificate);
        assertEquals(0, good.awaitExit(Duration.ofSeconds(60)), good.output());
        assertEquals(1, gateway.seriesOf("node_load1", "node", "mtls-exporter"));

        ManagedProcess without = once("no-cert-exporter", exporter,
                Map.of("FORWARDER_EXPORTER_TLS_CA_FILE", pki.ca.cert().toString()));
        assertEquals(1, without.awaitExit(Duration.ofSeconds(60)), without.output());
        assertTrue(without.output().contains("skipped: scrape " + exporter + " failed: TLS: the exporter requires a "
                + "client certificate and none is configured"), without.output());
    }
}
