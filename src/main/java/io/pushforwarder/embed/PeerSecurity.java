package io.pushforwarder.embed;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.pushforwarder.config.ForwarderConfig;
import io.pushforwarder.config.SecurityConfig;
import io.pushforwarder.security.EnvironmentProxies;
import io.pushforwarder.security.SecureHttpClientConfigurer;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication and TLS towards one peer, configured by bean properties instead of {@code forwarder.*} keys: what a
 * Kamelet or a host application declares in YAML. It is both the Authorization header's source ({@link
 * #authorization()}) and the endpoint's {@code httpClientConfigurer}, with the same checks and messages as the
 * forwarder's own keys (see {@link SecurityConfig}); blank properties mean "not set", so nothing set means no auth
 * and the JVM's trust store with host names verified.
 *
 * <p>Resolved on first use, when every property has been set: a bad file or a contradiction fails the first request
 * with the key's name, and the secret itself never appears in a message or log line.
 */
public class PeerSecurity implements HttpClientConfigurer, Expression {

    private static final Logger LOG = LoggerFactory.getLogger("forwarder.security");

    private static final String URL = "url";

    private final Map<String, String> values = new HashMap<>();
    private String side = SecurityConfig.PUSHGATEWAY;
    private SecurityConfig.Resolved resolved;
    private SecureHttpClientConfigurer httpClient;

    /** pushgateway (the default) or exporter: only changes how messages name the peer and its keys. */
    public synchronized void setPeer(String peer) {
        if (!SecurityConfig.PUSHGATEWAY.equals(peer) && !SecurityConfig.EXPORTER.equals(peer)) {
            throw new IllegalArgumentException("peer must be pushgateway or exporter, not '" + peer + "'");
        }
        this.side = peer;
        resolved = null;
    }

    /** The peer's URL, used only to warn about credentials over plain http to another host. */
    public void setUrl(String url) {
        put(URL, url);
    }

    public void setUsername(String username) {
        put(SecurityConfig.USERNAME, username);
    }

    public void setPassword(String password) {
        put(SecurityConfig.PASSWORD, password);
    }

    public void setPasswordFile(String passwordFile) {
        put(SecurityConfig.PASSWORD_FILE, passwordFile);
    }

    public void setBearerToken(String bearerToken) {
        put(SecurityConfig.BEARER_TOKEN, bearerToken);
    }

    public void setBearerTokenFile(String bearerTokenFile) {
        put(SecurityConfig.BEARER_TOKEN_FILE, bearerTokenFile);
    }

    public void setCaFile(String caFile) {
        put(SecurityConfig.CA_FILE, caFile);
    }

    public void setCertFile(String certFile) {
        put(SecurityConfig.CERT_FILE, certFile);
    }

    public void setKeyFile(String keyFile) {
        put(SecurityConfig.KEY_FILE, keyFile);
    }

    public void setInsecureSkipVerify(String insecureSkipVerify) {
        put(SecurityConfig.INSECURE_SKIP_VERIFY, insecureSkipVerify);
    }

    /** The Authorization header's value; null without credentials, so that the header is not sent at all. */
    public String authorization() throws IOException {
        return resolved().credentials().authorization();
    }

    /** The Authorization header for a {@code setHeader} with {@code ref:}, as {@link io.pushforwarder.security.CredentialsSource#evaluate}. */
    @Override
    public <T> T evaluate(Exchange exchange, Class<T> type) {
        return resolved().credentials().evaluate(exchange, type);
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        httpClient().configureHttpClient(builder);
    }

    private synchronized void put(String suffix, String value) {
        // kept relative to the peer, which may be set after the other properties
        values.put(suffix, value);
        resolved = null;
    }

    private synchronized SecurityConfig config() {
        Map<String, String> byKey = new HashMap<>();
        SecurityConfig naming = new SecurityConfig(side, key -> Optional.empty());
        String urlKey = side.equals(SecurityConfig.PUSHGATEWAY) ? ForwarderConfig.PUSHGATEWAY_URL
                : ForwarderConfig.EXPORTER_URL;
        values.forEach((suffix, value) -> byKey.put(suffix.equals(URL) ? urlKey : naming.key(suffix), value));
        return new SecurityConfig(side, key -> Optional.ofNullable(byKey.get(key)));
    }

    private synchronized SecurityConfig.Resolved resolved() {
        if (resolved == null) {
            SecurityConfig config = config();
            resolved = config.resolve();
            httpClient = new SecureHttpClientConfigurer(config.peer(), config.keyPrefix(), resolved.tls(),
                    resolved.clientCertificate(), EnvironmentProxies.from(System.getenv()));
            resolved.warnings().forEach(warning -> LOG.warn("{}", warning));
        }
        return resolved;
    }

    private synchronized SecureHttpClientConfigurer httpClient() {
        resolved();
        return httpClient;
    }

    /** Safe to log: which kind of credentials and which TLS files, never a secret. */
    @Override
    public synchronized String toString() {
        return side + ": " + resolved().credentials() + "; " + httpClient;
    }
}
