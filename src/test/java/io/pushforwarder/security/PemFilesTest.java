package io.pushforwarder.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import io.pushforwarder.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PEM as openssl writes it: bundles, chains, PKCS#8 RSA and EC keys, and the formats that are refused clearly. */
class PemFilesTest {

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void makeCertificates() throws IOException {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @Test
    void aCaBundleYieldsEveryCertificateInOrder() throws Exception {
        Path bundle = pki.concat("bundle.pem", pki.ca.cert(), pki.rogueCa.cert());

        List<X509Certificate> certificates = PemFiles.readCertificates(bundle);

        assertEquals(2, certificates.size());
        assertEquals("CN=push-forwarder test CA", certificates.get(0).getSubjectX500Principal().getName());
        assertEquals("CN=nobody trusts this CA", certificates.get(1).getSubjectX500Principal().getName());
    }

    @Test
    void aClientChainStartsWithTheLeafAndTextAroundTheBlocksIsIgnored() throws Exception {
        Path chain = pki.concat("chain.pem", pki.client.cert(), pki.ca.cert());
        Files.writeString(chain, "Bag Attributes: friendly name\n" + Files.readString(chain) + "\ntrailing words\n");

        List<X509Certificate> certificates = PemFiles.readCertificates(chain);

        assertEquals(2, certificates.size());
        assertEquals("CN=client", certificates.get(0).getSubjectX500Principal().getName());
    }

    @Test
    void pkcs8KeysOfBothRsaAndEcAreRead() throws Exception {
        PrivateKey rsa = PemFiles.readPrivateKey(pki.server.key());
        PrivateKey ec = PemFiles.readPrivateKey(pki.client.key());

        assertEquals("RSA", rsa.getAlgorithm());
        assertEquals("EC", ec.getAlgorithm());
    }

    @Test
    void traditionalRsaAndEcKeysAreRefusedWithTheConversionCommand() throws Exception {
        for (Path key : List.of(pki.traditionalKey(pki.server.key(), "rsa-pkcs1.key"),
                pki.traditionalKey(pki.client.key(), "ec-sec1.key"))) {
            PemException e = assertThrows(PemException.class, () -> PemFiles.readPrivateKey(key));

            assertTrue(e.getMessage().contains("not PKCS#8"), e.getMessage());
            assertTrue(e.getMessage().contains("supported: an unencrypted PKCS#8 PEM key"), e.getMessage());
            assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
            assertNoKeyMaterial(e.getMessage(), key);
        }
    }

    @Test
    void anEncryptedKeyIsRefused() throws Exception {
        Path key = pki.encryptedKey(pki.client.key(), "encrypted.key");

        PemException e = assertThrows(PemException.class, () -> PemFiles.readPrivateKey(key));

        assertTrue(e.getMessage().startsWith("the key is encrypted; supported:"), e.getMessage());
    }

    @Test
    void swappedFilesSayWhatWasFound() {
        PemException noKey = assertThrows(PemException.class, () -> PemFiles.readPrivateKey(pki.client.cert()));
        PemException noCertificate = assertThrows(PemException.class,
                () -> PemFiles.readCertificates(pki.client.key()));

        assertTrue(noKey.getMessage().startsWith("no private key found (found: 'CERTIFICATE')"), noKey.getMessage());
        assertTrue(noCertificate.getMessage().startsWith("no certificate found (found: 'PRIVATE KEY'); supported: "
                + "PEM with one or more -----BEGIN CERTIFICATE----- blocks"), noCertificate.getMessage());
        assertNoKeyMaterial(noCertificate.getMessage(), pki.client.key());
    }

    @Test
    void emptyBinaryCutOffAndDamagedFilesAreRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path der = Files.write(dir.resolve("cert.der"), new byte[] {0x30, (byte) 0x82, 0x01, 0x0a, 0x02});
        String pem = Files.readString(pki.ca.cert());
        Path cutOff = Files.writeString(dir.resolve("cut.pem"), pem.substring(0, pem.length() / 2));
        Path damaged = Files.writeString(dir.resolve("damaged.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAAbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        assertEquals("the file is empty", message(empty));
        assertTrue(message(der).startsWith("not a PEM file"), message(der));
        assertTrue(message(cutOff).contains("has no matching -----END CERTIFICATE----- line"), message(cutOff));
        assertTrue(message(damaged).startsWith("certificate block 1 is not a valid X.509 certificate"),
                message(damaged));
    }

    @Test
    void twoKeysInOneFileAreRefused() throws Exception {
        Path twoKeys = pki.concat("two.key", pki.client.key(), pki.server.key());

        PemException e = assertThrows(PemException.class, () -> PemFiles.readPrivateKey(twoKeys));

        assertTrue(e.getMessage().startsWith("the file holds 2 private keys"), e.getMessage());
    }

    private static String message(Path certificates) {
        return assertThrows(PemException.class, () -> PemFiles.readCertificates(certificates)).getMessage();
    }

    /** No line of the key's base64 may appear in a message. */
    private static void assertNoKeyMaterial(String message, Path key) {
        try {
            Files.readAllLines(key).stream().filter(line -> !line.startsWith("-----") && line.length() > 8)
                    .forEach(line -> assertFalse(message.contains(line), message));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
