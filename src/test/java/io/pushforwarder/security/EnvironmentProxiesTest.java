package io.pushforwarder.security;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;

import io.pushforwarder.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** https_proxy / http_proxy / no_proxy as curl and Go read them; loopback always direct; nothing resolved. */
class EnvironmentProxiesTest {

    private static final Map<String, String> BOTH = Map.of(
            "https_proxy", "http://secure-proxy.example:3128",
            "http_proxy", "http://plain-proxy.example:8080");

    private static String via(EnvironmentProxies proxies, String url) {
        EnvironmentProxies.ProxyServer proxy = proxies.proxyFor(URI.create(url));
        return proxy == null ? "direct" : proxy.host() + ":" + proxy.port();
    }

    @Test
    void eachSchemeTakesItsOwnVariable() {
        EnvironmentProxies proxies = EnvironmentProxies.from(BOTH);

        assertEquals("secure-proxy.example:3128", via(proxies, "https://gw.example.com/metrics"));
        assertEquals("plain-proxy.example:8080", via(proxies, "http://gw.example.com:9091/metrics"));
    }

    @Test
    void noVariablesMeanDirect() {
        EnvironmentProxies proxies = EnvironmentProxies.from(Map.of());

        assertEquals("direct", via(proxies, "https://gw.example.com"));
        assertEquals(List.of(Proxy.NO_PROXY), proxies.select(URI.create("https://gw.example.com")));
        assertEquals("no proxy", proxies.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9100/metrics", "https://127.8.9.10/x", "http://localhost:9100",
        "http://exporter.localhost/x", "http://[::1]:9100/metrics", "HTTPS://LOCALHOST:9091"})
    void loopbackIsNeverProxied(String url) {
        assertEquals("direct", via(EnvironmentProxies.from(BOTH), url));
    }

    @Test
    void upperCaseWorksAndLowerCaseWins() {
        assertEquals("upper:1", via(EnvironmentProxies.from(Map.of("HTTPS_PROXY", "upper:1")), "https://gw"));
        assertEquals("lower:2", via(EnvironmentProxies.from(Map.of("HTTPS_PROXY", "upper:1",
                "https_proxy", "lower:2")), "https://gw"));
        assertEquals("direct", via(EnvironmentProxies.from(Map.of("https_proxy", "p:1", "NO_PROXY", "gw")),
                "https://gw"));
    }

    @Test
    void noProxyMatchesAllHostsDomainsIpsAndRanges() {
        EnvironmentProxies proxies = EnvironmentProxies.from(Map.of("https_proxy", "proxy:3128",
                "no_proxy", " internal.example , .corp.example,10.1.2.3, 192.168.0.0/16 "));

        assertEquals("direct", via(proxies, "https://internal.example/x"));
        assertEquals("direct", via(proxies, "https://gw.internal.example/x"));
        assertEquals("direct", via(proxies, "https://corp.example/x"));
        assertEquals("direct", via(proxies, "https://a.b.corp.example/x"));
        assertEquals("direct", via(proxies, "https://10.1.2.3/x"));
        assertEquals("direct", via(proxies, "https://192.168.44.5:9091/x"));
        assertEquals("proxy:3128", via(proxies, "https://notinternal.example/x"));
        assertEquals("proxy:3128", via(proxies, "https://10.1.2.4/x"));
        assertEquals("proxy:3128", via(proxies, "https://192.169.0.1/x"));
        assertEquals("direct", via(EnvironmentProxies.from(Map.of("https_proxy", "p:1", "no_proxy", "*")),
                "https://anything.example"));
    }

    @Test
    void aProxyWithoutSchemeOrPortIsHttpOnPort80AndSelectGivesAnUnresolvedAddress() {
        EnvironmentProxies proxies = EnvironmentProxies.from(Map.of("https_proxy", "proxy.example"));

        List<Proxy> selected = proxies.select(URI.create("https://gw.example.com"));

        assertEquals(Proxy.Type.HTTP, selected.get(0).type());
        InetSocketAddress address = (InetSocketAddress) selected.get(0).address();
        assertTrue(address.isUnresolved(), "the proxy's name is left to the connection, not resolved here");
        assertEquals("proxy.example", address.getHostString());
        assertEquals(80, address.getPort());
    }

    @Test
    void proxyCredentialsAreKeptButNeverShown() {
        EnvironmentProxies proxies = EnvironmentProxies.from(Map.of("https_proxy",
                "http://fwd:pr0xy-s3cret@proxy.example:3128"));

        EnvironmentProxies.ProxyServer proxy = proxies.proxies().get(0);

        assertEquals("fwd", proxy.username());
        assertEquals("pr0xy-s3cret", proxy.password());
        assertEquals("http://fwd:***@proxy.example:3128", proxy.toString());
        assertFalse(proxies.toString().contains("pr0xy-s3cret"), proxies.toString());
    }

    @Test
    void aSocksOrHttpsProxyIsRefusedWithThePasswordMasked() {
        InvalidConfigurationException socks = assertThrows(InvalidConfigurationException.class,
                () -> EnvironmentProxies.from(Map.of("https_proxy", "socks5://u:pr0xy-s3cret@proxy:1080")));
        InvalidConfigurationException tls = assertThrows(InvalidConfigurationException.class,
                () -> EnvironmentProxies.from(Map.of("HTTP_PROXY", "https://proxy:443")));

        assertEquals("https_proxy='socks5://u:***@proxy:1080': only http:// proxies are supported (socks5:// is "
                + "not); fix: set e.g. http://proxy.example.com:3128", socks.getMessage());
        assertEquals("HTTP_PROXY", tls.key());
    }

    @Test
    void hostNamesAreMatchedAsWrittenNotResolved() {
        // a name that resolves nowhere still gets its proxy: nothing was looked up
        EnvironmentProxies proxies = EnvironmentProxies.from(BOTH);

        assertEquals("secure-proxy.example:3128", via(proxies, "https://pushgateway.example.invalid:9091"));
        assertNull(proxies.proxyFor(URI.create("ftp://gw.example.com")));
    }
}
