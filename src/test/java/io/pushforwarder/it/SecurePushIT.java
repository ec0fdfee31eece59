package io.pushforwarder.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pushforwarder.testing.ConnectProxy;
import io.pushforwarder.testing.ForwarderProcess;
import io.pushforwarder.testing.Loopback;
import io.pushforwarder.testing.ManagedProcess;
import io.pushforwarder.testing.RealStack;
import io.pushforwarder.testing.SecureClient;
import io.pushforwarder.testing.SecureServers;
import io.pushforwarder.testing.Sockets;
import io.pushforwarder.testing.TestPki;
import io.pushforwarder.testing.WebConfig;
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
 * The real forwarder against a real Pushgateway behind --web.config.file: TLS with a CA made at test time, bcrypt basic
 * auth, required client certificates. Each case runs the forwarder as a user does, configured by env vars, and reads
 * the gateway back over HTTPS with the credentials.
 */
class SecurePushIT {

    private static final String USER = "pusher";
    private static final String PASSWORD = "Pgw-Pa55word-7f3a";
    private static final String WRONG_PASSWORD = "Wrong-Pa55word-19c2";
    private static final String NEXT_PASSWORD = "Rotated-Pa55word-e5d1";
    private static final String EXPORTER_TOKEN = "exporter-token-Q2hh8KzX";

    @TempDir
    static Path pkiDir;
    static TestPki pki;

    @TempDir
    Path dir;
    private RealStack stack;
    private String exporter;

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = TestPki.create(pkiDir);
    }

    @BeforeEach
    void startExporter() throws Exception {
        stack = new RealStack(dir);
        exporter = stack.startNodeExporter(Loopback.freePort());
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        stack.close();
    }

    private Path secretFile(String name, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(name), content + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private ManagedProcess forwarder(String name, String gateway, Map<String, String> security, String... args)
            throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "FORWARDER_EXPORTER_URL", exporter,
                "FORWARDER_PUSHGATEWAY_URL", gateway,
                "FORWARDER_INSTANCE", name,
                "FORWARDER_LOCK_DIR", dir.resolve("lock").toString()));
        env.putAll(security);
        Path work = Files.exists(dir.resolve("work")) ? dir.resolve("work") : ForwarderProcess.workDir(dir, "work");
        return stack.track(ForwarderProcess.start(name, work, env, args));
    }

    private Map<String, String> basicAuth(Path passwordFile) {
        return Map.of("FORWARDER_PUSHGATEWAY_TLS_CA_FILE", pki.ca.cert().toString(),
                "FORWARDER_PUSHGATEWAY_USERNAME", USER,
                "FORWARDER_PUSHGATEWAY_PASSWORD_FILE", passwordFile.toString());
    }

    private static Map<String, String> with(Map<String, String> base, String... keyValues) {
        Map<String, String> all = new HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            all.put(keyValues[i], keyValues[i + 1]);
        }
        return all;
    }

    /** When the data group of the instance was last pushed, read over HTTPS with the credentials; null if never. */
    private static Double pushTime(SecureClient client, String gateway, String instance) throws Exception {
        Matcher line = Pattern.compile("^push_time_seconds\\{instance=\"" + Pattern.quote(instance)
                + "\",job=\"node\"} (\\S+)$", Pattern.MULTILINE).matcher(client.body(gateway + "/metrics"));
        return line.find() ? Double.parseDouble(line.group(1)) : null;
    }

    /** Neither the secrets nor the header values built from them, in any form a log could show. */
    private static void assertNoSecret(String output, String... secrets) {
        for (String secret : secrets) {
            assertFalse(output.contains(secret), "a secret in the output:\n" + output);
            String basic = Base64.getEncoder().encodeToString((USER + ":" + secret).getBytes(StandardCharsets.UTF_8));
            assertFalse(output.contains(basic), "a Basic header in the output:\n" + output);
        }
    }

    private static long lines(String output, String needle) {
        return output.lines().filter(line -> line.contains(needle)).count();
    }

    @Test
    void theRightCredentialsOverTlsPushAndTheGroupIsReadableOnlyWithThem() throws Exception {
        String gateway = SecureServers.startPushgateway(stack,
                SecureServers.webConfig(stack, "web").tls(pki.server).user(USER, PASSWORD), true);

        ManagedProcess once = forwarder("tls-node", gateway, basicAuth(secretFile("pw", PASSWORD)), "--once");

        assertEquals(0, once.awaitExit(Duration.ofSeconds(60)), once.output());
        assertTrue(once.output().contains("forward-node-exporter: pushed "), once.output());
        SecureClient withCredentials = new SecureClient(pki.ca, null, USER, PASSWORD);
        assertTrue(pushTime(withCredentials, gateway, "tls-node") != null);
        String metrics = withCredentials.body(gateway + "/metrics");
        assertTrue(metrics.contains("node_load1{instance=\"tls-node\",job=\"node\"}"), "node metrics arrived");
        assertTrue(metrics.contains("push_forwarder_target_up{instance=\"tls-node\",job=\"node\","
                + "push_forwarder=\"status\"} 1"), "the status group arrived too");
        // and the gateway really demands them
        assertEquals(401, new SecureClient(pki.ca, null, null, null).get(gateway + "/metrics").statusCode());
        assertNoSecret(once.output(), PASSWORD);
    }

    @Test
    void wrongCredentialsAreRefusedWithOneClearLineAndExitOne() throws Exception {
        String gateway = SecureServers.startPushgateway(stack,
                SecureServers.webConfig(stack, "web").tls(pki.server).user(USER, PASSWORD), true);

        ManagedProcess once = forwarder("wrong-pw", gateway, basicAuth(secretFile("pw", WRONG_PASSWORD)), "--once");

        assertEquals(1, once.awaitExit(Duration.ofSeconds(60)), once.output());
        String output = once.output();
        assertTrue(output.contains("forward-node-exporter: skipped: push to " + gateway + " answered HTTP 401: "
                + "credentials refused by the gateway"), output);
        // one log line says it; the status push, refused alike, adds none; no stack trace
        assertEquals(1, lines(output, " WARN "), output);
        assertEquals(0, lines(output, " ERROR "), output);
        assertEquals(2, lines(output, "credentials refused by the gateway"), "the WARN and the --once line:\n" + output);
        assertFalse(output.contains("\tat "), output);
        assertEquals(null, pushTime(new SecureClient(pki.ca, null, USER, PASSWORD), gateway, "wrong-pw"));
        assertNoSecret(output, WRONG_PASSWORD, PASSWORD);
    }

    @Test
    void mutualTlsPushesWithTheClientCertificateAndIsRefusedClearlyWithout() throws Exception {
        String gateway = SecureServers.startPushgateway(stack, SecureServers.webConfig(stack, "web")
                .tls(pki.server).requireClientCertificates(pki.ca.cert()).user(USER, PASSWORD), true);
        Map<String, String> security = basicAuth(secretFile("pw", PASSWORD));

        ManagedProcess withCertificate = forwarder("mtls-node", gateway, with(security,
                "FORWARDER_PUSHGATEWAY_TLS_CERT_FILE", pki.client.cert().toString(),
                "FORWARDER_PUSHGATEWAY_TLS_KEY_FILE", pki.client.key().toString()), "--once");
        assertEquals(0, withCertificate.awaitExit(Duration.ofSeconds(60)), withCertificate.output());
        assertTrue(pushTime(new SecureClient(pki.ca, pki.client, USER, PASSWORD), gateway, "mtls-node") != null);

        ManagedProcess without = forwarder("no-cert-node", gateway, security, "--once");
        assertEquals(1, without.awaitExit(Duration.ofSeconds(60)), without.output());
        assertTrue(without.output().contains("forward-node-exporter: skipped: push to " + gateway + " failed: TLS: "
                + "the gateway requires a client certificate and none is configured"), without.output());
        assertEquals(1, lines(without.output(), " WARN "), without.output());
        assertEquals(null, pushTime(new SecureClient(pki.ca, pki.client, USER, PASSWORD), gateway, "no-cert-node"));
    }

    @Test
    void aGatewayCertificateFromAnUntrustedCaIsRefused() throws Exception {
        String gateway = SecureServers.startPushgateway(stack,
                SecureServers.webConfig(stack, "web").tls(pki.rogueServer).user(USER, PASSWORD), true);
        Path passwordFile = secretFile("pw", PASSWORD);

        ManagedProcess ownCa = forwarder("rogue-own-ca", gateway, basicAuth(passwordFile), "--once");
        ManagedProcess systemStore = forwarder("rogue-system", gateway, Map.of(
                "FORWARDER_PUSHGATEWAY_USERNAME", USER,
                "FORWARDER_PUSHGATEWAY_PASSWORD_FILE", passwordFile.toString()), "--once");

        for (ManagedProcess once : List.of(ownCa, systemStore)) {
            assertEquals(1, once.awaitExit(Duration.ofSeconds(60)), once.output());
            assertTrue(once.output().contains("skipped: push to " + gateway + " failed: TLS: gateway certificate not "
                    + "trusted (unable to find valid certification path to requested target); fix: "
                    + "forwarder.pushgateway.tls.ca-file"), once.output());
            assertEquals(1, lines(once.output(), " WARN "), once.output());
            // the password never left: the handshake failed before any request
            assertNoSecret(once.output(), PASSWORD);
        }
        assertEquals(null, pushTime(new SecureClient(pki.rogueCa, null, USER, PASSWORD), gateway, "rogue-own-ca"));
    }

    @Test
    void hostNamesAreVerifiedAndOnlyAnExplicitSkipAcceptsAWrongOneLoudly() throws Exception {
        String gateway = SecureServers.startPushgateway(stack,
                SecureServers.webConfig(stack, "web").tls(pki.wrongNameServer).user(USER, PASSWORD), true);
        Path passwordFile = secretFile("pw", PASSWORD);

        ManagedProcess verified = forwarder("wrong-name", gateway, basicAuth(passwordFile), "--once");
        assertEquals(1, verified.awaitExit(Duration.ofSeconds(60)), verified.output());
        assertTrue(verified.output().contains("failed: TLS: gateway certificate does not match the host name of "
                + "the URL"), verified.output());

        ManagedProcess skipped = forwarder("skip-verify", gateway, with(basicAuth(passwordFile),
                "FORWARDER_PUSHGATEWAY_TLS_INSECURE_SKIP_VERIFY", "true"), "--once");
        assertEquals(0, skipped.awaitExit(Duration.ofSeconds(60)), skipped.output());
        assertTrue(skipped.output().contains("WARN  [forwarder.security] TLS verification is OFF for the gateway "
                + "(forwarder.pushgateway.tls.insecure-skip-verify=true)"), skipped.output());
    }

    /**
     * https_proxy: the push goes through a CONNECT tunnel and TLS runs end to end, verified against the gateway's host
     * name, which exists only in a hosts file given to the forwarder's JVM (no DNS; had the proxy been bypassed, the
     * name would have led to a closed loopback port). The loopback exporter is scraped directly. The gateway answers
     * 2xx only to the right credentials, so the exit code 0 shows they arrived through the tunnel.
     */
    @Test
    void throughAnHttpsProxyTlsAndTheCredentialsRunEndToEnd() throws Exception {
        TestPki.Pair namedServer = pki.issue("named-server", "rsa", pki.ca, """
                basicConstraints=critical,CA:FALSE
                keyUsage=critical,digitalSignature,keyEncipherment
                extendedKeyUsage=serverAuth
                subjectAltName=DNS:pushgateway.example.test
                """, 2);
        String gateway = SecureServers.startPushgateway(stack,
                SecureServers.webConfig(stack, "web").tls(namedServer).user(USER, PASSWORD), true);
        int gatewayPort = Integer.parseInt(gateway.replaceAll(".*:", ""));
        int closedPort = Loopback.freePort();
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 pushgateway.example.test\n");

        try (ConnectProxy proxy = new ConnectProxy(gatewayPort)) {
            ManagedProcess once = forwarder("proxied-tls", "https://pushgateway.example.test:" + closedPort,
                    with(basicAuth(secretFile("pw", PASSWORD)),
                            "https_proxy", proxy.url(),
                            "JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hosts), "--once");

            assertEquals(0, once.awaitExit(Duration.ofSeconds(60)), once.output());
            assertTrue(once.output().contains("forward-node-exporter: pushed "), once.output());
            assertTrue(proxy.connectLines().contains("CONNECT pushgateway.example.test:" + closedPort + " HTTP/1.1"),
                    proxy.connectLines().toString());
            assertTrue(proxy.connectLines().stream().allMatch(line -> line.startsWith("CONNECT pushgateway.")),
                    "the loopback exporter never went through the proxy: " + proxy.connectLines());
            assertNoSecret(once.output(), PASSWORD);
        }
    }

    /**
     * The gateway re-reads its web config on every request, so both ends rotate for real: the gateway's user gets a
     * new password, the forwarder is refused once (one line), then the password file is replaced and pushing resumes
     * without a restart.
     */
    @Test
    void aRotatedPasswordFileIsUsedWithoutRestart() throws Exception {
        WebConfig web = SecureServers.webConfig(stack, "web").tls(pki.server).user(USER, PASSWORD);
        String gateway = SecureServers.startPushgateway(stack, web, true);
        Path passwordFile = secretFile("pw", PASSWORD);
        ManagedProcess running = forwarder("rotating-node", gateway, with(basicAuth(passwordFile),
                "FORWARDER_SCHEDULE", "0/1 * * * * ?"));
        SecureClient before = new SecureClient(pki.ca, null, USER, PASSWORD);
        await("the first push").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> pushTime(before, gateway, "rotating-node") != null);

        // the gateway's side rotates first: from now on the old password is refused
        web.clearUsers().user(USER, NEXT_PASSWORD).write();
        running.awaitOutput("credentials refused by the gateway", Duration.ofSeconds(10));
        SecureClient after = new SecureClient(pki.ca, null, USER, NEXT_PASSWORD);
        double refusedSince = pushTime(after, gateway, "rotating-node");
        // several refused ticks: the failure stays one line, and nothing is pushed
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> pushTime(after, gateway, "rotating-node") == refusedSince);
        assertEquals(1, lines(running.output(), "credentials refused by the gateway"), running.output());

        // then the forwarder's file, replaced as rotation tools do it: written aside, renamed over the old one
        Path next = secretFile("pw.next", NEXT_PASSWORD);
        Files.move(next, passwordFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        await("pushes to resume with the new password").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> pushTime(after, gateway, "rotating-node") > refusedSince);
        running.awaitOutput("secret file changed, using its new content: key=forwarder.pushgateway.password-file",
                Duration.ofSeconds(5));
        running.awaitOutput("target back up, pushing again", Duration.ofSeconds(5));

        assertTrue(running.isAlive(), "no restart");
        assertEquals(List.of(), Sockets.listeningSockets(running.pid()), "the forwarder must not listen on any port");
        running.stop();
        assertNoSecret(running.output(), PASSWORD, NEXT_PASSWORD);
    }

    @Test
    void aBadSecurityKeyStopsStartUpWithOneLineAndNeverShowsTheSecret() throws Exception {
        Path pkcs1 = pki.traditionalKey(pki.client.key(), "client-sec1.key");
        ManagedProcess noUser = forwarder("bad-no-user", "https://127.0.0.1:1", Map.of(
                "FORWARDER_PUSHGATEWAY_PASSWORD", PASSWORD), "--check-config");
        ManagedProcess oldKey = forwarder("bad-key", "https://127.0.0.1:1", Map.of(
                "FORWARDER_PUSHGATEWAY_TLS_CERT_FILE", pki.client.cert().toString(),
                "FORWARDER_PUSHGATEWAY_TLS_KEY_FILE", pkcs1.toString()));

        assertEquals(2, noUser.awaitExit(Duration.ofSeconds(60)), noUser.output());
        assertEquals(2, oldKey.awaitExit(Duration.ofSeconds(60)), oldKey.output());
        assertTrue(noUser.output().contains("push-forwarder: configuration error: forwarder.pushgateway.username=(unset): "
                + "a password is set but no user name; fix: "), noUser.output());
        assertTrue(oldKey.output().contains("push-forwarder: configuration error: forwarder.pushgateway.tls.key-file='"
                + pkcs1 + "': found a 'EC PRIVATE KEY' block, the traditional OpenSSL format (PKCS#1/SEC1), not "
                + "PKCS#8; supported: an unencrypted PKCS#8 PEM key"), oldKey.output());
        for (ManagedProcess process : List.of(noUser, oldKey)) {
            assertEquals(1, lines(process.output(), "push-forwarder:"), process.output());
            assertFalse(process.output().contains("\tat "), process.output());
        }
        assertNoSecret(noUser.output(), PASSWORD);
    }

    /**
     * Every kind of output a forwarder makes, scanned for the password (given in the environment, the riskiest
     * place), the exporter's bearer token and the Basic header built from the password: a normal run, --once at
     * DEBUG, --dry-run, --check-config and a failing run. Route dumps: see SecurityRouteTest.
     */
    @Test
    void noOutputEverContainsTheSecrets() throws Exception {
        String gateway = SecureServers.startPushgateway(stack,
                SecureServers.webConfig(stack, "web").tls(pki.server).user(USER, PASSWORD), true);
        Map<String, String> security = Map.of(
                "FORWARDER_PUSHGATEWAY_TLS_CA_FILE", pki.ca.cert().toString(),
                "FORWARDER_PUSHGATEWAY_USERNAME", USER,
                "FORWARDER_PUSHGATEWAY_PASSWORD", PASSWORD,
                // node_exporter without a web config ignores the header: the token only has to travel and stay unseen
                "FORWARDER_EXPORTER_BEARER_TOKEN", EXPORTER_TOKEN);
        SecureClient client = new SecureClient(pki.ca, null, USER, PASSWORD);

        ManagedProcess running = forwarder("scan-run", gateway, with(security, "FORWARDER_SCHEDULE", "0/1 * * * * ?"));
        await().atMost(Duration.ofSeconds(20)).until(() -> pushTime(client, gateway, "scan-run") != null);
        double first = pushTime(client, gateway, "scan-run");
        await("a few more ticks").atMost(Duration.ofSeconds(10)).until(() -> pushTime(client, gateway, "scan-run") > first);
        assertEquals(List.of(), Sockets.listeningSockets(running.pid()), "the forwarder must not listen on any port");
        running.stop();

        ManagedProcess debug = forwarder("scan-debug", gateway, with(security, "FORWARDER_LOG_LEVEL", "DEBUG"),
                "--once");
        ManagedProcess dryRun = forwarder("scan-dry-run", gateway, security, "--dry-run");
        ManagedProcess check = forwarder("scan-check", gateway, security, "--check-config");
        ManagedProcess failing = forwarder("scan-failing", gateway,
                with(security, "FORWARDER_PUSHGATEWAY_PASSWORD", WRONG_PASSWORD), "--once");
        assertEquals(0, debug.awaitExit(Duration.ofSeconds(60)), debug.output());
        assertEquals(0, dryRun.awaitExit(Duration.ofSeconds(60)), dryRun.output());
        assertEquals(0, check.awaitExit(Duration.ofSeconds(60)), check.output());
        assertEquals(1, failing.awaitExit(Duration.ofSeconds(60)), failing.output());
        assertTrue(check.output().contains("  pushgateway: basic auth as 'pusher', password from "
                + "forwarder.pushgateway.password; tls: CA file " + pki.ca.cert()), check.output());
        assertTrue(check.output().contains("  exporter: bearer token from forwarder.exporter.bearer-token"),
                check.output());
        assertTrue(debug.output().contains("DEBUG"), "the DEBUG run logged at DEBUG:\n" + debug.output());

        for (ManagedProcess process : List.of(running, debug, dryRun, check, failing)) {
            assertNoSecret(process.output(), PASSWORD, WRONG_PASSWORD);
            assertFalse(process.output().contains(EXPORTER_TOKEN), process.name() + ":\n" + process.output());
        }
    }
}
