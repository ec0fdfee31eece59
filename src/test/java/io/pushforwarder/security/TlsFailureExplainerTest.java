package io.pushforwarder.security;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shapes the JDK reports TLS failures in, and the line each becomes. */
class TlsFailureExplainerTest {

    private final TlsFailureExplainer gateway = new TlsFailureExplainer("gateway", "forwarder.pushgateway", false);
    private final TlsFailureExplainer exporterWithCertificate =
            new TlsFailureExplainer("exporter", "forwarder.exporter", true);

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void anExpiredCertificateIsNamedAsSuch() {
        String line = gateway.explain(handshake("PKIX path validation failed",
                new CertificateExpiredException("NotAfter: Mon Nov 23 10:00:00 UTC 2026")), false);

        assertEquals("TLS: gateway certificate expired or not yet valid (NotAfter: Mon Nov 23 10:00:00 UTC 2026); "
                + "fix: renew the gateway's certificate", line);
    }

    @Test
    void aHostNameMismatchFoundDuringTheHandshakeIsNamed() {
        String line = gateway.explain(handshake("No subject alternative names matching IP address 127.0.0.1 found",
                new CertificateException("No subject alternative names matching IP address 127.0.0.1 found")), false);

        assertTrue(line.startsWith("TLS: gateway certificate does not match the host name of the URL (No subject "),
                line);
    }

    @Test
    void aBrokenPipeAfterAnUnansweredCertificateRequestIsAMissingClientCertificate() {
        // TLS 1.3 with a large body: the server's alert is lost, the write fails first
        String line = gateway.explain(new SocketException("Broken pipe"), true);

        assertEquals("TLS: the gateway requires a client certificate and none is configured (Broken pipe); fix: set "
                + "forwarder.pushgateway.tls.cert-file and forwarder.pushgateway.tls.key-file", line);
    }

    @Test
    void noResponseAfterAnUnansweredCertificateRequestIsAMissingClientCertificateToo() {
        String line = gateway.explain(new org.apache.hc.core5.http.NoHttpResponseException(
                "127.0.0.1:9091 failed to respond"), true);

        assertTrue(line.startsWith("TLS: the gateway requires a client certificate and none is configured"), line);
    }

    @Test
    void aRefusalAlertWithACertificateGivenBlamesTheCertificate() {
        String line = exporterWithCertificate.explain(new SSLHandshakeException("Received fatal alert: unknown_ca"),
                false);

        assertTrue(line.startsWith("TLS: the exporter refused the client certificate (Received fatal alert: "
                + "unknown_ca); fix: forwarder.exporter.tls.cert-file"), line);
    }

    @Test
    void aCertificateOfTheWrongIssuerIsExplainedWhenOneIsConfigured() {
        String line = exporterWithCertificate.explain(
                new SSLHandshakeException("Received fatal alert: certificate_required"), true);

        assertTrue(line.startsWith("TLS: the exporter requires a client certificate from a CA it names"), line);
    }

    @Test
    void plainHttpOnATlsPortAndOtherHandshakeFailuresAreStillTls() {
        assertTrue(gateway.explain(new SSLException("Unsupported or unrecognized SSL message"), false)
                .startsWith("TLS: the gateway does not speak TLS on this port"));
        assertEquals("TLS: handshake with the gateway failed (Received fatal alert: protocol_version)",
                gateway.explain(new SSLHandshakeException("Received fatal alert: protocol_version"), false));
    }

    @Test
    void failuresThatAreNotTlsPassThrough() {
        assertNull(gateway.explain(new ConnectException("Connection refused"), false));
        assertNull(gateway.explain(new SocketException("Broken pipe"), false));
        assertNull(gateway.explain(new java.net.SocketTimeoutException("Read timed out"), true));
        assertNull(gateway.explain(new TlsFailureException("TLS: already explained", null), true));
    }
}
