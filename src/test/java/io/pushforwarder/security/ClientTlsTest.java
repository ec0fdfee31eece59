package io.pushforwarder.security;

import java.io.IOException;
import java.nio.file.Path;

import io.pushforwarder.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verification is on unless asked otherwise; a certificate and its key come together. Handshakes: see
 * {@link SecureHttpClientConfigurerTest}. */
class ClientTlsTest {

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void makeCertificates() throws IOException {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @Test
    void theDefaultVerifiesAgainstTheSystemTrustStore() throws Exception {
        ClientTls tls = ClientTls.systemDefault();

        assertTrue(tls.verifiesPeer());
        assertEquals("system trust store, host names verified", tls.toString());
        assertEquals("TLS", tls.sslContext().getProtocol());
    }

    @Test
    void onlyInsecureSkipVerifyTurnsVerificationOff() throws Exception {
        assertTrue(ClientTls.create(PemFiles.readCertificates(pki.ca.cert()), null, null, false, "ca").verifiesPeer());
        assertFalse(ClientTls.create(null, null, null, true, "insecure").verifiesPeer());
    }

    @Test
    void aCertificateWithoutItsKeyIsAProgrammingError() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> ClientTls.create(null,
                PemFiles.readCertificates(pki.client.cert()), null, false, "x"));
        assertThrows(IllegalArgumentException.class, () -> ClientTls.create(null, null,
                PemFiles.readPrivateKey(pki.client.key()), false, "x"));
    }

    @Test
    void aClientCertificateOfEitherKeyTypeBuildsAContext() throws Exception {
        for (TestPki.Pair client : new TestPki.Pair[] {pki.client, pki.issueClient("rsa-client", "rsa")}) {
            ClientTls tls = ClientTls.create(null, PemFiles.readCertificates(client.cert()),
                    PemFiles.readPrivateKey(client.key()), false, "with " + client.cert().getFileName());

            assertTrue(tls.verifiesPeer());
        }
    }
}
