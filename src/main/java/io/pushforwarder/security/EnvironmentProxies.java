package io.pushforwarder.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.pushforwarder.config.InvalidConfigurationException;

/**
 * The outgoing proxies of the usual environment variables: {@code https_proxy} for https URLs, {@code http_proxy}
 * for http URLs, {@code no_proxy} for the hosts reached directly (upper-case names work too; lower case wins).
 *
 * <p>{@code no_proxy} takes a comma-separated list of {@code *} (no proxy at all), host names (which also match their
 * subdomains; a leading dot is allowed), IP addresses and CIDR ranges such as {@code 10.0.0.0/8}. Loopback
 * (localhost, 127.0.0.0/8, ::1) is never proxied: the exporter is on this node. Host names are matched as written in
 * the URL, never resolved. Only http:// proxies are supported, with optional {@code user:password@} for the proxy's
 * Basic authentication; https:// in the variable name means "for https URLs", the tunnel to the proxy itself is plain
 * HTTP CONNECT, inside which TLS runs end to end.
 */
public final class EnvironmentProxies extends ProxySelector {

    /** A proxy and the credentials it asks for, if any. */
    public record ProxyServer(String variable, String host, int port, String username, String password) {

        /** The proxy as it may be logged: the password never shown. */
        @Override
        public String toString() {
            return "http://" + (username == null ? "" : username + ":***@") + host + ":" + port;
        }
    }

    private final ProxyServer httpsProxy;
    private final ProxyServer httpProxy;
    private final List<String> noProxy;

    private EnvironmentProxies(ProxyServer httpsProxy, ProxyServer httpProxy, List<String> noProxy) {
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.noProxy = noProxy;
    }

    /** Reads the variables; a value that cannot work stops start-up, its password masked in the message. */
    public static EnvironmentProxies from(Map<String, String> env) {
        String noProxy = variable(env, "no_proxy").map(Map.Entry::getValue).orElse("");
        List<String> entries = new ArrayList<>();
        for (String entry : noProxy.split(",")) {
            String trimmed = entry.trim().toLowerCase(Locale.ROOT);
            if (!trimmed.isEmpty()) {
                entries.add(trimmed.startsWith(".") ? trimmed.substring(1) : trimmed);
            }
        }
        return new EnvironmentProxies(proxy(env, "https_proxy"), proxy(env, "http_proxy"), List.copyOf(entries));
    }

    public static EnvironmentProxies none() {
        return new EnvironmentProxies(null, null, List.of());
    }

    @Override
    public List<Proxy> select(URI uri) {
        ProxyServer proxy = proxyFor(uri);
        return List.of(proxy == null ? Proxy.NO_PROXY
                : new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
    }

    /** The proxy a request to this URI goes through; null when it goes directly. */
    public ProxyServer proxyFor(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        ProxyServer proxy = scheme.equals("https") ? httpsProxy : scheme.equals("http") ? httpProxy : null;
        if (proxy == null || uri.getHost() == null) {
            return null;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return isLoopback(host) || bypassed(host) ? null : proxy;
    }

    /** Every proxy in use, with their credentials, e.g. to answer their 407 challenges. */
    public List<ProxyServer> proxies() {
        List<ProxyServer> proxies = new ArrayList<>();
        if (httpsProxy != null) {
            proxies.add(httpsProxy);
        }
        if (httpProxy != null && !httpProxy.equals(httpsProxy)) {
            proxies.add(httpProxy);
        }
        return proxies;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // the route reports the failure; there is no other proxy to fall back to
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost") || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        byte[] ipv4 = Cidr.ipv4(host);
        return ipv4 != null && ipv4[0] == 127;
    }

    private boolean bypassed(String host) {
        for (String entry : noProxy) {
            if (entry.equals("*") || host.equals(entry) || host.endsWith("." + entry)) {
                return true;
            }
            if (entry.contains("/") && Cidr.contains(entry, host)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Map.Entry<String, String>> variable(Map<String, String> env, String lowerName) {
        for (String name : new String[] {lowerName, lowerName.toUpperCase(Locale.ROOT)}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(Map.entry(name, value.trim()));
            }
        }
        return Optional.empty();
    }

    private static ProxyServer proxy(Map<String, String> env, String lowerName) {
        Optional<Map.Entry<String, String>> found = variable(env, lowerName);
        if (found.isEmpty()) {
            return null;
        }
        String name = found.get().getKey();
        String value = found.get().getValue();
        String withScheme = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new InvalidConfigurationException(name, masked(value), "not a proxy URL",
                    "set e.g. http://proxy.example.com:3128");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new InvalidConfigurationException(name, masked(value), "only http:// proxies are supported ("
                    + uri.getScheme() + ":// is not)", "set e.g. http://proxy.example.com:3128");
        }
        if (uri.getHost() == null) {
            throw new InvalidConfigurationException(name, masked(value), "the proxy URL has no host",
                    "set e.g. http://proxy.example.com:3128");
        }
        String username = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            username = parts[0];
            password = parts.length > 1 ? parts[1] : "";
        }
        return new ProxyServer(name, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80, username, password);
    }

    /** A proxy URL with its password replaced, for messages. */
    static String masked(String value) {
        return value.replaceAll("(://[^:/@]*:)[^@/]*@", "$1***@").replaceAll("^([^:/@]*:)[^@/]*@", "$1***@");
    }

    /** Where requests go; the proxies' passwords masked. */
    @Override
    public String toString() {
        if (httpsProxy == null && httpProxy == null) {
            return "no proxy";
        }
        return "https URLs via " + (httpsProxy == null ? "no proxy" : httpsProxy)
                + ", http URLs via " + (httpProxy == null ? "no proxy" : httpProxy)
                + ", direct: loopback" + (noProxy.isEmpty() ? "" : ", " + String.join(", ", noProxy));
    }

    /** IPv4 literals and CIDR ranges, without any name resolution. */
    static final class Cidr {

        private Cidr() {
        }

        static boolean contains(String cidr, String host) {
            String[] parts = cidr.split("/", 2);
            byte[] network = ipv4(parts[0]);
            byte[] address = ipv4(host);
            if (network == null || address == null) {
                return false;
            }
            int bits;
            try {
                bits = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return false;
            }
            if (bits < 0 || bits > 32) {
                return false;
            }
            int mask = bits == 0 ? 0 : -1 << (32 - bits);
            return (toInt(network) & mask) == (toInt(address) & mask);
        }

        /** The four bytes of a dotted IPv4 literal; null for anything else, host names included. */
        static byte[] ipv4(String host) {
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                    return null;
                }
                int value = Integer.parseInt(parts[i]);
                if (value > 255) {
                    return null;
                }
                bytes[i] = (byte) value;
            }
            return bytes;
        }

        private static int toInt(byte[] bytes) {
            return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
        }
    }
}
