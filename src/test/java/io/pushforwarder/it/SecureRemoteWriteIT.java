package io.pushforwarder.it;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.pushforwarder.testing.ForwarderProcess;
import io.pushforwarder.testing.Loopback;
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

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * remote_write to a real Prometheus 2.42 behind --web.config.file (TLS with a CA made at test time, bcrypt basic
 * auth), with the forwarder.remote-write.* security keys named as the gateway's. The sink's figures are read back
 * from the status group on a real Pushgateway.
 */
class SecureRemoteWriteIT {

    private static final String USER = "writer";
    private static final String PASSWORD = "Rw-Pa55word-8d2c";
    private static final String WRONG_PASSWORD = "Wrong-Rw-Pa55word-41ab";

    @TempDir
    static Path pkiDir;
    static TestPki pki;

    @TempDir
    Path dir;
    private RealStack stack;
    private String exporter;
    private Pushgateway gateway;
    private String receiver;

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = TestPki.create(pkiDir);
    }

    @BeforeEach
    void startStack() throws Exception {
        stack = new RealStack(dir);
        exporter = stack.startNodeExporter(Loopback.freePort());
        gateway = stack.startPushgateway();
        receiver = SecureServers.startRemoteWriteReceiver(stack,
                SecureServers.webConfig(stack, "web").tls(pki.server).user(USER, PASSWORD), true);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        stack.close();
    }

    private ManagedProcess forwarder(String instance, String password) throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("rw-password"), password + "\n");
        Map<String, String> env = new HashMap<>(Map.of(
                "FORWARDER_EXPORTER_URL", exporter,
                "FORWARDER_PUSHGATEWAY_URL", gateway.url(),
                "FORWARDER_INSTANCE", instance,
                "FORWARDER_SCHEDULE", "0/1 * * * * ?",
                "FORWARDER_LOCK_DIR", dir.resolve("lock").toString(),
                "FORWARDER_SINKS", "pushgateway,remote-write",
                "FORWARDER_REMOTE_WRITE_URL", receiver + "/api/v1/write",
                "FORWARDER_REMOTE_WRITE_USERNAME", USER,
                "FORWARDER_REMOTE_WRITE_PASSWORD_FILE", passwordFile.toString(),
                "FORWARDER_REMOTE_WRITE_TLS_CA_FILE", pki.ca.cert().toString()));
        return stack.track(ForwarderProcess.start("forwarder-" + instance, ForwarderProcess.workDir(dir, "work"),
                env));
    }

    private String query(String promql) throws Exception {
        return new SecureClient(pki.ca, null, USER, PASSWORD)
                .body(receiver + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** A value of the instance's status group on the gateway, e.g. a remote_write counter; NaN when absent. */
    private double statusValue(String instance, String metric) {
        String exposition = Loopback.get(gateway.url() + "/metrics");
        String prefix = metric.contains("{") ? metric.substring(0, metric.indexOf('{')) : metric;
        String wanted = metric.contains("{") ? metric.substring(metric.indexOf('{') + 1, metric.length() - 1) : null;
        for (String l : exposition.lines().toList()) {
            if (l.startsWith(prefix + "{") && l.contains("instance=\"" + instance + "\"")
                    && (wanted == null || l.contains(wanted))) {
                return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    @Test
    void samplesArriveOverTlsWithBasicAuthAndTheFiguresReachTheStatusGroup() throws Exception {
        ManagedProcess forwarder = forwarder("srw-ok", PASSWORD);

        await("node_load1 through remote_write over TLS").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> query("node_load1{job=\"node\",instance=\"srw-ok\"}").contains("\"node_load1\""));
        assertTrue(query("up{job=\"node\",instance=\"srw-ok\"}").contains("\"1\"]"), "up is 1");
        await("the sink's figures in the status group").atMost(Duration.ofSeconds(15))
                .until(() -> statusValue("srw-ok", "push_forwarder_remote_write_samples_sent_total") > 200);
        assertEquals(0.0, statusValue("srw-ok", "push_forwarder_remote_write_samples_dropped_total{reason=\"rejected\"}"));
        assertFalse(Double.isNaN(statusValue("srw-ok", "push_forwarder_remote_write_queue_samples")));
        assertFalse(Double.isNaN(statusValue("srw-ok", "push_forwarder_remote_write_failed_requests_total")));
        assertFalse(forwarder.output().contains(PASSWORD), forwarder.output());
    }

    @Test
    void aWrongPasswordIsACountedLoggedNeverRetried401WithoutTheSecretInTheLog() throws Exception {
        ManagedProcess forwarder = forwarder("srw-bad", WRONG_PASSWORD);

        await("the refusal counted in the status group").atMost(Duration.ofSeconds(30)).until(() ->
                statusValue("srw-bad", "push_forwarder_remote_write_samples_dropped_total{reason=\"rejected\"}") > 0
                        && statusValue("srw-bad", "push_forwarder_remote_write_failed_requests_total") > 0);
        String output = forwarder.output();
        assertTrue(output.contains("refused the credentials") && output.contains("status 401"), output);
        assertTrue(output.contains("forwarder.remote-write.username"), "the line names the keys to fix");
        assertFalse(output.contains("remote write failed, retrying"), "a 401 is never retried:\n" + output);
        assertFalse(output.contains(WRONG_PASSWORD), output);
        assertFalse(output.contains(Base64.getEncoder().encodeToString((USER + ":" + WRONG_PASSWORD)
                .getBytes(StandardCharsets.UTF_8))), output);
        // every failed request is one dropped batch: nothing was sent twice
        double failed = statusValue("srw-bad", "push_forwarder_remote_write_failed_requests_total");
        assertTrue(failed >= 1, "failed requests " + failed);
        assertTrue(query("up{instance=\"srw-bad\"}").contains("\"result\":[]"), "nothing reached the receiver");
        // the Pushgateway sink is untouched by the receiver's refusal
        assertTrue(gateway.pushTimesByInstance("node").containsKey("srw-bad"));
    }
}
