package io.pushforwarder.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.RuntimeCamelException;

/**
 * The Authorization header of one peer, the gateway or the exporter: Basic (always sent, never waiting for a 401
 * challenge) or Bearer, or none.
 *
 * <p>The routes set the header from this bean, a {@code ref:} expression ({@link #evaluate}), right before each HTTP
 * call, after they removed every
 * other header, so the gateway's credentials never reach the exporter nor the other way round, and no secret is ever
 * part of an endpoint URI, which Camel logs and dumps. The value is built again only when the secret changed; a
 * secret file is checked on every call (see {@link SecretFile}). {@link #toString()} tells the kind and the source,
 * never the secret.
 */
public final class CredentialsSource implements Expression {

    private enum Scheme { NONE, BASIC, BEARER }

    private final Scheme scheme;
    private final String username;
    private final Secret secret;
    private String builtFrom;
    private String header;

    private CredentialsSource(Scheme scheme, String username, Secret secret) {
        this.scheme = scheme;
        this.username = username;
        this.secret = secret;
    }

    public static CredentialsSource none() {
        return new CredentialsSource(Scheme.NONE, null, null);
    }

    /** HTTP Basic, RFC 7617: the user name must not contain ':'; both are sent as UTF-8. */
    public static CredentialsSource basic(String username, Secret password) {
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a Basic auth user name cannot contain ':'");
        }
        return new CredentialsSource(Scheme.BASIC, username, password);
    }

    public static CredentialsSource bearer(Secret token) {
        return new CredentialsSource(Scheme.BEARER, null, token);
    }

    /** The header value, e.g. "Basic dXNlcjpwYXNz"; null when no authentication is configured. */
    public synchronized String authorization() throws IOException {
        if (scheme == Scheme.NONE) {
            return null;
        }
        String current = secret.value();
        if (!current.equals(builtFrom)) {
            header = build(current);
            builtFrom = current;
        }
        return header;
    }

    private String build(String current) throws IOException {
        if (scheme == Scheme.BASIC) {
            return "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + current).getBytes(StandardCharsets.UTF_8));
        }
        if (!isToken(current)) {
            throw new IOException("the bearer token from " + secret.source()
                    + " holds white space or control characters, which a header cannot carry");
        }
        return "Bearer " + current;
    }

    /**
     * The header value for a {@code setHeader} with {@code ref:}: a registry expression is called as it is, where a
     * {@code method:} expression parses its method string and copies the exchange on every tick. A secret that
     * cannot be read fails the call with its {@link IOException} as the cause, which the routes' onException finds.
     */
    @Override
    public <T> T evaluate(Exchange exchange, Class<T> type) {
        try {
            return exchange.getContext().getTypeConverter().convertTo(type, exchange, authorization());
        } catch (IOException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** Printable ASCII without spaces: what a header can carry and what tokens are made of. */
    public static boolean isToken(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    public boolean configured() {
        return scheme != Scheme.NONE;
    }

    /** Safe to log: the kind, the user name and where the secret comes from. */
    @Override
    public String toString() {
        return switch (scheme) {
            case NONE -> "no authentication";
            case BASIC -> "basic auth as '" + username + "', password from " + secret.source();
            case BEARER -> "bearer token from " + secret.source();
        };
    }
}
