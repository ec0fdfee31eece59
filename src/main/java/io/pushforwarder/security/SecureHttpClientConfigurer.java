package io.pushforwarder.security;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;

/**
 * The HTTP client of one peer, the gateway or the exporter: its TLS, the proxies of the environment, and TLS failures
 * explained in one line.
 *
 * <p>The routes name it on every HTTP endpoint ({@code httpClientConfigurer: "#pushgatewayHttpClient"}); it is
 * registered also when nothing is configured, and then means the JVM's trust store and no proxy beyond the
 * environment's. It is not passed as {@code sslContextParameters}: camel-http turns every endpoint that has those
 * into https, plain http URLs included.
 *
 * <p>It replaces the endpoint's connection manager with one that uses {@link ClientTls}; every other setting of the
 * endpoint (timeouts, cookies off, no automatic retries) stays as Camel built it.
 */
public final class SecureHttpClientConfigurer implements HttpClientConfigurer {

    /** camel-http's defaults for its own connection manager (maxTotalConnections, connectionsPerRoute). */
    static final int MAX_CONNECTIONS = 200;
    static final int MAX_CONNECTIONS_PER_ROUTE = 20;

    private final ClientTls tls;
    private final EnvironmentProxies proxies;
    private final String peer;
    private final String keyPrefix;
    private final boolean clientCertificateConfigured;

    /**
     * @param peer      "gateway" or "exporter", as log lines call it
     * @param keyPrefix the peer's keys, e.g. forwarder.pushgateway
     */
    public SecureHttpClientConfigurer(String peer, String keyPrefix, ClientTls tls, boolean clientCertificateConfigured,
            EnvironmentProxies proxies) {
        this.peer = peer;
        this.keyPrefix = keyPrefix;
        this.tls = tls;
        this.clientCertificateConfigured = clientCertificateConfigured;
        this.proxies = proxies;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        // one pool per endpoint, closed with the endpoint's client; sized like camel-http's own (HttpClient's
        // default of 5 per route would make the ticks of many targets queue for one gateway)
        builder.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(tls.socketStrategy())
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS_PER_ROUTE)
                .build());
        builder.setConnectionManagerShared(false);
        builder.setRoutePlanner(new SystemDefaultRoutePlanner(proxies));
        if (proxies.proxies().stream().anyMatch(p -> p.username() != null)) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            for (EnvironmentProxies.ProxyServer proxy : proxies.proxies()) {
                if (proxy.username() != null) {
                    credentials.setCredentials(new AuthScope(proxy.host(), proxy.port()),
                            new UsernamePasswordCredentials(proxy.username(), proxy.password().toCharArray()));
                }
            }
            builder.setDefaultCredentialsProvider(credentials);
        }
        builder.addExecInterceptorFirst("push-forwarder-tls-failures",
                new TlsFailureExplainer(peer, keyPrefix, clientCertificateConfigured));
    }

    public ClientTls tls() {
        return tls;
    }

    /** Safe to log: files and choices, proxies with their passwords masked. */
    @Override
    public String toString() {
        return "tls: " + tls + "; proxy: " + proxies;
    }
}
