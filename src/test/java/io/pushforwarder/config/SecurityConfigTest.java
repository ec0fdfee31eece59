package io.pushforwarder.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.pushforwarder.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The security keys, checked at start-up: one line per problem, naming the key and the fix, never a secret. */
class SecurityConfigTest {

    private static final String P = "forwarder.pushgateway.";
    private static final String SECRET = "Very-S3cret-Value";

    @TempDir
    static Path dir;
    static TestPki pki;
    static Path passwordFile;

    @BeforeAll
    static void makeFiles() throws IOException {
        pki = TestPki.create(dir.resolve("pki"));
        passwordFile = Files.writeString(dir.resolve("password"), SECRET + "\n");
    }

    private static SecurityConfig.Resolved resolve(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(Map.of("forwarder.pushgateway.url", "https://127.0.0.1:9091",
                "forwarder.exporter.url", "http://127.0.0.1:9100/metrics"));
        all.putAll(values);
        return new SecurityConfig(SecurityConfig.PUSHGATEWAY, key -> Optional.ofNullable(all.get(key))).resolve();
    }

    private static InvalidConfigurationException refused(Map<String, String> values) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> resolve(values));
        assertTrue(e.getMessage().contains("; fix: "), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), "a secret in the message: " + e.getMessage());
        return e;
    }

    @Test
    void theRemoteWriteReceiverTakesTheSameKeysUnderItsOwnPrefix() throws IOException {
        Map<String, String> values = Map.of("forwarder.remote-write.url", "https://127.0.0.1:9090/api/v1/write",
                "forwarder.remote-write.username", "writer",
                "forwarder.remote-write.password-file", passwordFile.toString(),
                "forwarder.remote-write.tls.ca-file", pki.ca.cert().toString());
        SecurityConfig.Resolved resolved = new SecurityConfig(SecurityConfig.REMOTE_WRITE,
                key -> Optional.ofNullable(values.get(key))).resolve();

        assertTrue(resolved.credentials().authorization().startsWith("Basic "));
        assertTrue(resolved.tls().verifiesPeer());

        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> new SecurityConfig(SecurityConfig.REMOTE_WRITE, key -> Optional.ofNullable(Map.of(
                        "forwarder.remote-write.tls.ca-file", dir.resolve("missing.pem").toString()).get(key)))
                        .resolve());
        assertEquals("forwarder.remote-write.tls.ca-file", e.key());
        assertTrue(e.getMessage().contains("; fix: "), e.getMessage());
    }

    @Test
    void nothingSetMeansNoAuthAndTheSystemTrustStore() throws IOException {
        SecurityConfig.Resolved resolved = resolve(Map.of());

        assertNull(resolved.credentials().authorization());
        assertEquals("system trust store, host names verified", resolved.tls().toString());
        assertTrue(resolved.warnings().isEmpty());
    }

    // the shipped file has every security key commented out or off: it must start as plain http without auth
    @Test
    void theShippedApplicationPropertiesPass() throws IOException {
        Properties shipped = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            shipped.load(reader);
        }
        for (String side : new String[] {SecurityConfig.PUSHGATEWAY, SecurityConfig.EXPORTER,
                SecurityConfig.REMOTE_WRITE}) {
            SecurityConfig.Resolved resolved = assertDoesNotThrow(() -> new SecurityConfig(side,
                    key -> Optional.ofNullable(shipped.getProperty(key))).resolve());
            assertFalse(resolved.credentials().configured());
        }
    }

    @Test
    void aFullGatewayConfigurationResolves() throws IOException {
        SecurityConfig.Resolved resolved = resolve(Map.of(P + "username", "pusher",
                P + "password-file", passwordFile.toString(), P + "tls.ca-file", pki.ca.cert().toString(),
                P + "tls.cert-file", pki.client.cert().toString(), P + "tls.key-file", pki.client.key().toString()));

        assertTrue(resolved.credentials().authorization().startsWith("Basic "));
        assertTrue(resolved.clientCertificate());
        assertEquals("basic auth as 'pusher', password from file " + passwordFile, resolved.credentials().toString());
        assertTrue(resolved.tls().toString().startsWith("CA file " + pki.ca.cert() + " (1 certificate(s)), client "
                + "certificate " + pki.client.cert() + " (CN=client, valid until "), resolved.tls().toString());
        assertFalse(resolved.toString().contains(SECRET));
    }

    @Test
    void bothAPasswordAndAPasswordFileAreRefused() {
        InvalidConfigurationException e = refused(Map.of(P + "username", "pusher", P + "password", SECRET,
                P + "password-file", passwordFile.toString()));

        assertEquals(P + "password-file", e.key());
        assertTrue(e.getMessage().contains("both forwarder.pushgateway.password and "
                + "forwarder.pushgateway.password-file are set"), e.getMessage());
    }

    @Test
    void bothATokenAndATokenFileOrBasicAndBearerAreRefused() {
        assertEquals(P + "bearer-token-file", refused(Map.of(P + "bearer-token", SECRET,
                P + "bearer-token-file", passwordFile.toString())).key());
        InvalidConfigurationException mixed = refused(Map.of(P + "username", "pusher", P + "password", "x",
                P + "bearer-token", SECRET));
        assertEquals(P + "bearer-token=(hidden): basic auth (forwarder.pushgateway.username) and a bearer token are "
                + "both set; a request carries one; fix: keep either the username and password or the bearer token",
                mixed.getMessage());
    }

    @Test
    void aPasswordWithoutUserOrAUserWithoutPasswordIsRefused() {
        assertEquals(P + "username=(unset): a password is set but no user name; fix: set forwarder.pushgateway."
                + "username or remove the password", refused(Map.of(P + "password", SECRET)).getMessage());
        assertEquals(P + "password-file", refused(Map.of(P + "username", "pusher")).key());
        assertEquals(P + "username", refused(Map.of(P + "username", "a:b", P + "password", SECRET)).key());
    }

    @Test
    void aSecretFileThatIsMissingEmptyOrAFolderIsRefused() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty-password"), "\n");

        assertTrue(refused(Map.of(P + "username", "u", P + "password-file", dir.resolve("nope").toString()))
                .getMessage().contains("': no such file; fix: "));
        assertTrue(refused(Map.of(P + "username", "u", P + "password-file", empty.toString()))
                .getMessage().contains("is empty"));
        assertTrue(refused(Map.of(P + "username", "u", P + "password-file", dir.toString()))
                .getMessage().contains("a folder, not a file"));
    }

    @Test
    void aTokenWithWhiteSpaceIsRefusedWithoutShowingIt() throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("bad-token"), SECRET + " and more\n");

        InvalidConfigurationException inKey = refused(Map.of(P + "bearer-token", SECRET + " x"));
        InvalidConfigurationException inFile = refused(Map.of(P + "bearer-token-file", tokenFile.toString()));

        assertTrue(inKey.getMessage().startsWith(P + "bearer-token=(hidden): the token holds white space"),
                inKey.getMessage());
        assertEquals(P + "bearer-token-file", inFile.key());
    }

    @Test
    void aCertificateWithoutKeyOrAKeyWithoutCertificateIsRefused() {
        assertEquals(P + "tls.key-file", refused(Map.of(P + "tls.cert-file", pki.client.cert().toString())).key());
        assertEquals(P + "tls.cert-file", refused(Map.of(P + "tls.key-file", pki.client.key().toString())).key());
    }

    @Test
    void unparseableOrMismatchedPemIsRefusedNamingTheFormats() throws IOException {
        InvalidConfigurationException notCa = refused(Map.of(P + "tls.ca-file", pki.client.key().toString()));
        InvalidConfigurationException pkcs1 = refused(Map.of(P + "tls.cert-file", pki.server.cert().toString(),
                P + "tls.key-file", pki.traditionalKey(pki.server.key(), "server-pkcs1.key").toString()));
        InvalidConfigurationException mismatch = refused(Map.of(P + "tls.cert-file", pki.client.cert().toString(),
                P + "tls.key-file", pki.server.key().toString()));

        assertTrue(notCa.getMessage().startsWith(P + "tls.ca-file='" + pki.client.key() + "': no certificate found "
                + "(found: 'PRIVATE KEY'); supported: PEM with one or more -----BEGIN CERTIFICATE----- blocks"),
                notCa.getMessage());
        assertTrue(pkcs1.getMessage().contains("supported: an unencrypted PKCS#8 PEM key"), pkcs1.getMessage());
        assertTrue(mismatch.getMessage().contains("the private key does not belong to the certificate"),
                mismatch.getMessage());
    }

    @Test
    void anExpiredClientCertificateIsRefused() throws Exception {
        TestPki.Pair expired = pki.issueExpiredClient("expired-client");
        Thread.sleep(1100); // valid for 0 days: expired one second after it was made

        InvalidConfigurationException e = refused(Map.of(P + "tls.cert-file", expired.cert().toString(),
                P + "tls.key-file", expired.key().toString()));

        assertTrue(e.getMessage().contains("the client certificate expired at"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "TRUE", "1"})
    void insecureSkipVerifyIsABoolean(String value) {
        assertEquals(P + "tls.insecure-skip-verify", refused(Map.of(P + "tls.insecure-skip-verify", value)).key());
    }

    @Test
    void insecureSkipVerifyAndCredentialsOverPlainHttpAreWarnedAbout() {
        SecurityConfig.Resolved insecure = resolve(Map.of(P + "tls.insecure-skip-verify", "true"));
        SecurityConfig.Resolved clearText = resolve(Map.of("forwarder.pushgateway.url", "http://gw.example.com:9091",
                P + "username", "u", P + "password", SECRET));
        SecurityConfig.Resolved loopback = resolve(Map.of("forwarder.pushgateway.url", "http://127.0.0.1:9091",
                P + "username", "u", P + "password", SECRET));

        assertTrue(insecure.warnings().get(0).startsWith("TLS verification is OFF for the gateway"),
                insecure.warnings().toString());
        assertFalse(insecure.tls().verifiesPeer());
        assertTrue(clearText.warnings().get(0).startsWith("credentials for the gateway go over plain http to "
                + "gw.example.com"), clearText.warnings().toString());
        assertTrue(loopback.warnings().isEmpty(), loopback.warnings().toString());
    }

    @Test
    void theExporterSideReadsItsOwnKeys() throws IOException {
        Map<String, String> values = Map.of("forwarder.exporter.username", "scraper",
                "forwarder.exporter.password", SECRET, "forwarder.exporter.url", "https://127.0.0.1:9100/metrics");

        SecurityConfig.Resolved exporter = new SecurityConfig(SecurityConfig.EXPORTER,
                key -> Optional.ofNullable(values.get(key))).resolve();

        assertEquals("basic auth as 'scraper', password from forwarder.exporter.password",
                exporter.credentials().toString());
    }
}
