package io.pushforwarder.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.pushforwarder.testing.TestPki;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real TLS handshakes, in process: a JDK HTTPS server on loopback with the test PKI's certificates, and HttpClient
 * configured the way the routes' endpoints are. Proves trust, host name verification, client certificates and the
 * one-line explanations; the real Pushgateway and node_exporter are covered by the integration tests.
 */
class SecureHttpClientConfigurerTest {

    private static final String PREFIX = "forwarder.pushgateway";

    @TempDir
    static Path dir;
    static TestPki pki;
    private HttpsServer server;
    private ExecutorService executor;

    @BeforeAll
    static void makeCertificates() throws IOException {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** An HTTPS server on 127.0.0.1 showing the given certificate; with a client CA it requires client certificates. */
    private String serve(TestPki.Pair certificate, TestPki.Pair clientCa) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", PemFiles.readPrivateKey(certificate.key()), "pw".toCharArray(),
                PemFiles.readCertificates(certificate.cert()).toArray(new X509Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "pw".toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore clientCas = KeyStore.getInstance("PKCS12");
        clientCas.load(null, null);
        if (clientCa != null) {
            clientCas.setCertificateEntry("client-ca", PemFiles.readCertificates(clientCa.cert()).get(0));
        }
        trust.init(clientCas);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setNeedClientAuth(clientCa != null);
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/", exchange -> {
            byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.start();
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    private static ClientTls tls(TestPki.Pair ca, TestPki.Pair client, boolean insecure) throws Exception {
        return ClientTls.create(ca == null ? null : PemFiles.readCertificates(ca.cert()),
                client == null ? null : PemFiles.readCertificates(client.cert()),
                client == null ? null : PemFiles.readPrivateKey(client.key()), insecure, "test");
    }

    private static int get(String url, ClientTls tls, boolean clientCertificateConfigured) throws IOException {
        HttpClientBuilder builder = HttpClientBuilder.create().disableAutomaticRetries();
        new SecureHttpClientConfigurer("gateway", PREFIX, tls, clientCertificateConfigured,
                EnvironmentProxies.from(Map.of())).configureHttpClient(builder);
        try (CloseableHttpClient client = builder.build()) {
            return client.execute(new HttpGet(url), response -> response.getCode());
        }
    }

    private static String failure(String url, ClientTls tls, boolean clientCertificateConfigured) {
        return assertThrows(TlsFailureException.class, () -> get(url, tls, clientCertificateConfigured)).getMessage();
    }

    @Test
    void aServerSignedByTheConfiguredCaIsTrusted() throws Exception {
        String url = serve(pki.server, null);

        assertEquals(200, get(url, tls(pki.ca, null, false), false));
        assertEquals(200, get(url.replace("127.0.0.1", "localhost"), tls(pki.ca, null, false), false));
    }

    @Test
    void theSystemTrustStoreDoesNotTrustAPrivateCa() throws Exception {
        String url = serve(pki.server, null);

        String message = failure(url, ClientTls.systemDefault(), false);

        assertTrue(message.startsWith("TLS: gateway certificate not trusted (unable to find valid certification path"),
                message);
        assertTrue(message.endsWith("fix: forwarder.pushgateway.tls.ca-file must hold the CA that signed the "
                + "gateway's certificate"), message);
    }

    @Test
    void aCertificateFromAnotherCaIsNotTrusted() throws Exception {
        String url = serve(pki.rogueServer, null);

        assertTrue(failure(url, tls(pki.ca, null, false), false).startsWith("TLS: gateway certificate not trusted"));
    }

    @Test
    void hostNamesAreVerifiedUnlessVerificationIsSkipped() throws Exception {
        String url = serve(pki.wrongNameServer, null);

        String message = failure(url, tls(pki.ca, null, false), false);

        assertTrue(message.startsWith("TLS: gateway certificate does not match the host name of the URL"), message);
        assertEquals(200, get(url, tls(null, null, true), false), "insecure-skip-verify accepts anything");
    }

    @Test
    void aServerRequiringClientCertificatesAcceptsOursAndExplainsItsAbsence() throws Exception {
        String url = serve(pki.server, pki.ca);

        assertEquals(200, get(url, tls(pki.ca, pki.client, false), true));
        String message = failure(url, tls(pki.ca, null, false), false);
        assertTrue(message.startsWith("TLS: the gateway requires a client certificate and none is configured"),
                message);
        assertTrue(message.endsWith("fix: set forwarder.pushgateway.tls.cert-file and "
                + "forwarder.pushgateway.tls.key-file"), message);
    }

    @Test
    void aClientCertificateFromAnUntrustedCaIsRefusedClearly() throws Exception {
        String url = serve(pki.server, pki.ca);
        TestPki.Pair rogueClient = pki.issue("rogue-client", "rsa", pki.rogueCa, """
                basicConstraints=critical,CA:FALSE
                extendedKeyUsage=clientAuth
                """, 2);

        String message = failure(url, tls(pki.ca, rogueClient, false), true);

        assertTrue(message.startsWith("TLS: the gateway requires a client certificate from a CA it names")
                || message.startsWith("TLS: the gateway refused the client certificate"), message);
    }

    @Test
    void plainHttpFailuresPassThroughUnchanged() throws Exception {
        String url = "https://127.0.0.1:" + io.pushforwarder.testing.Loopback.freePort() + "/metrics";

        IOException e = assertThrows(IOException.class, () -> get(url, tls(pki.ca, null, false), false));

        assertTrue(!(e instanceof TlsFailureException) && e.getMessage().contains("Connection refused"),
                e.toString());
    }

    @Test
    void toStringShowsTheSettingsAndTheProxyWithoutSecrets() throws Exception {
        SecureHttpClientConfigurer configurer = new SecureHttpClientConfigurer("gateway", PREFIX,
                tls(pki.ca, null, false), false,
                EnvironmentProxies.from(Map.of("https_proxy", "http://u:proxy-s3cret@proxy.example:3128")));

        assertEquals("tls: test; proxy: https URLs via http://u:***@proxy.example:3128, http URLs via no proxy, "
                + "direct: loopback", configurer.toString());
    }
}
