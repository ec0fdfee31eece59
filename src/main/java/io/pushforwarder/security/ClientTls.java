package io.pushforwarder.security;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.HttpsSupport;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;

/**
 * The TLS of one peer, the gateway or the exporter: which CAs are trusted, which client certificate is shown, and
 * whether the peer's certificate and host name are checked.
 *
 * <p>By default the JVM's trust store is used (cacerts, or {@code -Djavax.net.ssl.trustStore}) and host names are
 * verified, both by the JDK during the handshake and by HttpClient after it. Only {@code insecureSkipVerify} turns
 * both checks off.
 *
 * <p>It also notes, per thread, when a server asked for a client certificate that could not be given: with TLS 1.3 a
 * server that requires one only says so after the handshake, and the client then sees a bare "Broken pipe".
 * {@link TlsFailureExplainer} turns that note into a line an operator understands.
 */
public final class ClientTls {

    private static final ThreadLocal<boolean[]> UNANSWERED_CERTIFICATE_REQUEST = ThreadLocal.withInitial(() -> new boolean[1]);

    private final SSLContext sslContext;
    private final boolean verifyPeer;
    private final String description;

    private ClientTls(SSLContext sslContext, boolean verifyPeer, String description) {
        this.sslContext = sslContext;
        this.verifyPeer = verifyPeer;
        this.description = description;
    }

    /** The JVM's trust store, no client certificate, host names verified. */
    public static ClientTls systemDefault() throws GeneralSecurityException {
        return create(null, null, null, false, "system trust store, host names verified");
    }

    /**
     * @param trusted            the CAs to trust instead of the JVM's trust store; null for the trust store
     * @param clientChain        the client certificate followed by its intermediates; null for none
     * @param clientKey          the client certificate's private key; null for none
     * @param insecureSkipVerify trust any certificate for any host name: for tests and emergencies only
     * @param description        what the settings are, for logs and --check-config; must hold no secret
     */
    public static ClientTls create(List<X509Certificate> trusted, List<X509Certificate> clientChain,
            PrivateKey clientKey, boolean insecureSkipVerify, String description) throws GeneralSecurityException {
        if ((clientChain == null) != (clientKey == null)) {
            throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
        }
        TrustManager[] trustManagers;
        if (insecureSkipVerify) {
            trustManagers = new TrustManager[] {new TrustingEverything()};
        } else {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted == null ? null : trustStore(trusted));
            trustManagers = factory.getTrustManagers();
        }
        X509KeyManager clientKeys = clientChain == null ? null : keyManager(clientChain, clientKey);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new NotingCertificateRequests(clientKeys)}, trustManagers, new SecureRandom());
        return new ClientTls(context, !insecureSkipVerify, description);
    }

    /** How HttpClient opens TLS connections with these settings. */
    public TlsSocketStrategy socketStrategy() {
        return verifyPeer
                ? new DefaultClientTlsStrategy(sslContext, HostnameVerificationPolicy.BOTH,
                        HttpsSupport.getDefaultHostnameVerifier())
                : new DefaultClientTlsStrategy(sslContext, HostnameVerificationPolicy.CLIENT,
                        NoopHostnameVerifier.INSTANCE);
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    public boolean verifiesPeer() {
        return verifyPeer;
    }

    /** Starts a new request on this thread: forgets a certificate request noted for an earlier one. */
    static void forgetCertificateRequest() {
        UNANSWERED_CERTIFICATE_REQUEST.get()[0] = false;
    }

    /** True when, since {@link #forgetCertificateRequest()}, a server on this thread asked for a client certificate
     * and none could be given. */
    static boolean certificateRequestUnanswered() {
        return UNANSWERED_CERTIFICATE_REQUEST.get()[0];
    }

    private static KeyStore trustStore(List<X509Certificate> trusted) throws GeneralSecurityException {
        KeyStore store = emptyStore();
        for (int i = 0; i < trusted.size(); i++) {
            store.setCertificateEntry("ca-" + i, trusted.get(i));
        }
        return store;
    }

    private static X509KeyManager keyManager(List<X509Certificate> chain, PrivateKey key)
            throws GeneralSecurityException {
        // the in-memory store needs a password; a random one that lives only here
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        char[] password = Base64.getEncoder().encodeToString(random).toCharArray();
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        for (KeyManager manager : factory.getKeyManagers()) {
            if (manager instanceof X509KeyManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 key manager in this Java runtime");
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
    }

    /** Safe to log: paths and choices, never key material. */
    @Override
    public String toString() {
        return description;
    }

    /** Delegates to the client key (if any) and notes a server's certificate request that gets no certificate. */
    private static final class NotingCertificateRequests extends X509ExtendedKeyManager {

        private final X509KeyManager delegate;

        NotingCertificateRequests(X509KeyManager delegate) {
            this.delegate = delegate;
        }

        private static String noted(String alias) {
            if (alias == null) {
                UNANSWERED_CERTIFICATE_REQUEST.get()[0] = true;
            }
            return alias;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return noted(delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, socket));
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            String alias = null;
            if (delegate instanceof X509ExtendedKeyManager extended) {
                alias = extended.chooseEngineClientAlias(keyType, issuers, engine);
            } else if (delegate != null) {
                alias = delegate.chooseClientAlias(keyType, issuers, null);
            }
            return noted(alias);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate == null ? null : delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate == null ? null : delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate == null ? null : delegate.getPrivateKey(alias);
        }

        // a client never serves TLS
        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /** forwarder.*.tls.insecure-skip-verify: accepts any server certificate. */
    private static final class TrustingEverything extends X509ExtendedTrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // a client never checks clients
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // insecure by request
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // a client never checks clients
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // insecure by request
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // a client never checks clients
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // insecure by request
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
