package io.pushforwarder.security;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * Turns the JDK's TLS errors into one line that says what failed and which key fixes it, e.g. "TLS: gateway
 * certificate not trusted (...); fix: forwarder.pushgateway.tls.ca-file must hold the CA that signed it".
 *
 * <p>Runs first in HttpClient's execution chain, so it sees every failure of a request, the handshake included. What
 * is not a TLS failure passes through unchanged. The line names hosts, alerts and keys; never a credential.
 */
public final class TlsFailureExplainer implements ExecChainHandler {

    /** Alerts a server sends when it rejects the client's certificate, or the lack of one. */
    private static final Set<String> CLIENT_CERTIFICATE_ALERTS = Set.of("bad_certificate", "certificate_required",
            "unknown_ca", "certificate_unknown", "access_denied", "certificate_revoked", "certificate_expired",
            "unsupported_certificate");
    private static final String RECEIVED_ALERT = "Received fatal alert: ";

    private final String peer;
    private final String keyPrefix;
    private final boolean clientCertificateConfigured;

    /**
     * @param peer                        "gateway" or "exporter", as the line calls it
     * @param keyPrefix                   the keys' prefix, e.g. forwarder.pushgateway
     * @param clientCertificateConfigured whether tls.cert-file is set for this peer
     */
    public TlsFailureExplainer(String peer, String keyPrefix, boolean clientCertificateConfigured) {
        this.peer = peer;
        this.keyPrefix = keyPrefix;
        this.clientCertificateConfigured = clientCertificateConfigured;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ClientTls.forgetCertificateRequest();
        try {
            return chain.proceed(request, scope);
        } catch (IOException e) {
            String explanation = explain(e, ClientTls.certificateRequestUnanswered());
            if (explanation == null) {
                throw e;
            }
            throw new TlsFailureException(explanation, e);
        }
    }

    /** The one-line explanation of a failed request, or null when it is no TLS failure. */
    String explain(IOException failure, boolean certificateRequestUnanswered) {
        if (failure instanceof TlsFailureException) {
            return null;
        }
        String detail = detail(failure);
        if (has(failure, CertificateExpiredException.class) || has(failure, CertificateNotYetValidException.class)) {
            return "TLS: " + peer + " certificate expired or not yet valid (" + detail + "); fix: renew the "
                    + peer + "'s certificate";
        }
        if (has(failure, CertPathBuilderException.class) || has(failure, CertPathValidatorException.class)
                || detail.contains("unable to find valid certification path")) {
            return "TLS: " + peer + " certificate not trusted (" + detail + "); fix: " + keyPrefix
                    + ".tls.ca-file must hold the CA that signed the " + peer + "'s certificate";
        }
        String lower = detail.toLowerCase(Locale.ROOT);
        if (has(failure, SSLPeerUnverifiedException.class) || lower.contains("subject alternative name")
                || lower.contains("no name matching")) {
            return "TLS: " + peer + " certificate does not match the host name of the URL (" + detail
                    + "); fix: use a host name or IP address the certificate lists";
        }
        String alert = receivedAlert(failure);
        if (alert != null && CLIENT_CERTIFICATE_ALERTS.contains(alert)) {
            return clientCertificateRefused(detail, certificateRequestUnanswered);
        }
        if (certificateRequestUnanswered && !(failure instanceof InterruptedIOException)) {
            // TLS 1.3: a server that requires a client certificate closes the connection after the handshake, so
            // the client sees a broken pipe, a reset or no response at all; a timeout is something else
            return clientCertificateRefused(detail, true);
        }
        if (lower.contains("unsupported or unrecognized ssl message")) {
            return "TLS: the " + peer + " does not speak TLS on this port (" + detail
                    + "); fix: use http:// or the port of its TLS listener";
        }
        if (failure instanceof SSLException) {
            return "TLS: handshake with the " + peer + " failed (" + detail + ")";
        }
        return null;
    }

    private String clientCertificateRefused(String detail, boolean noCertificateGiven) {
        if (noCertificateGiven && !clientCertificateConfigured) {
            return "TLS: the " + peer + " requires a client certificate and none is configured (" + detail
                    + "); fix: set " + keyPrefix + ".tls.cert-file and " + keyPrefix + ".tls.key-file";
        }
        if (noCertificateGiven) {
            return "TLS: the " + peer + " requires a client certificate from a CA it names, and the configured one "
                    + "is not issued by it (" + detail + "); fix: " + keyPrefix
                    + ".tls.cert-file must be signed by the " + peer + "'s client CA";
        }
        return "TLS: the " + peer + " refused the client certificate (" + detail + "); fix: " + keyPrefix
                + ".tls.cert-file must be valid and signed by the " + peer + "'s client CA";
    }

    private static String receivedAlert(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && message.startsWith(RECEIVED_ALERT)) {
                return message.substring(RECEIVED_ALERT.length()).trim();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The innermost message: the JDK nests the useful words under class names. */
    private static String detail(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
