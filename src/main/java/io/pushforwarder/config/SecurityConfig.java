package io.pushforwarder.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.pushforwarder.security.ClientTls;
import io.pushforwarder.security.CredentialsSource;
import io.pushforwarder.security.PemException;
import io.pushforwarder.security.PemFiles;
import io.pushforwarder.security.Secret;
import io.pushforwarder.security.SecretFile;

/**
 * The security keys of one peer, {@code forwarder.pushgateway.*} or {@code forwarder.exporter.*}: authentication and
 * TLS. Checked once at start-up like {@link ForwarderConfig}: every problem stops the process with one line that
 * names the key and the fix; files are read and PEM parsed now, not on the first tick. A secret's value never appears
 * in a message.
 */
public final class SecurityConfig {

    public static final String PUSHGATEWAY = "pushgateway";
    public static final String EXPORTER = "exporter";
    /** The remote_write receiver: the same keys under forwarder.remote-write.*, read only when the sink has a URL. */
    public static final String REMOTE_WRITE = "remote-write";

    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String PASSWORD_FILE = "password-file";
    public static final String BEARER_TOKEN = "bearer-token";
    public static final String BEARER_TOKEN_FILE = "bearer-token-file";
    public static final String CA_FILE = "tls.ca-file";
    public static final String CERT_FILE = "tls.cert-file";
    public static final String KEY_FILE = "tls.key-file";
    public static final String INSECURE_SKIP_VERIFY = "tls.insecure-skip-verify";

    /** What start-up produces for one peer: the beans, and what deserves a warning in the log. */
    public record Resolved(CredentialsSource credentials, ClientTls tls, boolean clientCertificate,
            List<String> warnings) {
    }

    private final String side;
    private final String prefix;
    private final Function<String, Optional<String>> lookup;

    /** @param side {@link #PUSHGATEWAY}, {@link #EXPORTER} or {@link #REMOTE_WRITE} */
    public SecurityConfig(String side, Function<String, Optional<String>> lookup) {
        this.side = side;
        this.prefix = "forwarder." + side;
        this.lookup = lookup;
    }

    public String key(String suffix) {
        return prefix + "." + suffix;
    }

    public String keyPrefix() {
        return prefix;
    }

    /** "gateway" or "exporter": how log lines call the peer. */
    public String peer() {
        return switch (side) {
            case PUSHGATEWAY -> "gateway";
            case REMOTE_WRITE -> "remote_write receiver";
            default -> "exporter";
        };
    }

    /** Checks every key of the peer and builds its credentials and TLS; throws at the first bad key. */
    public Resolved resolve() {
        List<String> warnings = new ArrayList<>();
        CredentialsSource credentials = credentials();
        boolean insecure = insecureSkipVerify();
        Optional<Path> certFile = file(CERT_FILE);
        ClientTls tls = tls(insecure);
        String urls = value(switch (side) {
            case PUSHGATEWAY -> ForwarderConfig.PUSHGATEWAY_URL;
            case REMOTE_WRITE -> ForwarderConfig.REMOTE_WRITE_URL;
            default -> ForwarderConfig.EXPORTER_URL;
        }).orElse("");
        if (insecure) {
            warnings.add("TLS verification is OFF for the " + peer() + " (" + key(INSECURE_SKIP_VERIFY)
                    + "=true): any certificate for any host name is accepted, so anyone on the path can read the "
                    + "metrics and the credentials; set a CA in " + key(CA_FILE) + " instead");
        }
        // forwarder.pushgateway.url may list several gateways: each is judged on its own
        for (String url : side.equals(PUSHGATEWAY) ? urls.split(",") : new String[] {urls}) {
            url = url.trim();
            URI uri = parse(url);
            boolean https = uri != null && "https".equals(uri.getScheme());
            if (credentials.configured() && uri != null && !https && !isLoopback(uri.getHost())) {
                warnings.add("credentials for the " + peer() + " go over plain http to " + uri.getHost()
                        + ": anyone on the path can read them; use https://");
            }
            if (uri != null && !https && (file(CA_FILE).isPresent() || certFile.isPresent())) {
                warnings.add("the TLS files of the " + peer() + " are set but " + url
                        + " is plain http, so they apply only to https:// URLs of other targets");
            }
        }
        return new Resolved(credentials, tls, certFile.isPresent(), List.copyOf(warnings));
    }

    CredentialsSource credentials() {
        Optional<String> username = value(USERNAME);
        Optional<String> password = value(PASSWORD);
        Optional<Path> passwordFile = file(PASSWORD_FILE);
        Optional<String> token = value(BEARER_TOKEN);
        Optional<Path> tokenFile = file(BEARER_TOKEN_FILE);
        if (password.isPresent() && passwordFile.isPresent()) {
            throw new InvalidConfigurationException(key(PASSWORD_FILE), passwordFile.get().toString(),
                    "both " + key(PASSWORD) + " and " + key(PASSWORD_FILE) + " are set",
                    "keep one; " + key(PASSWORD_FILE) + " is preferred, as it keeps the password out of the "
                            + "environment and can be rotated without a restart");
        }
        if (token.isPresent() && tokenFile.isPresent()) {
            throw new InvalidConfigurationException(key(BEARER_TOKEN_FILE), tokenFile.get().toString(),
                    "both " + key(BEARER_TOKEN) + " and " + key(BEARER_TOKEN_FILE) + " are set",
                    "keep one; " + key(BEARER_TOKEN_FILE) + " is preferred");
        }
        boolean basic = username.isPresent() || password.isPresent() || passwordFile.isPresent();
        boolean bearer = token.isPresent() || tokenFile.isPresent();
        if (basic && bearer) {
            String tokenKey = key(token.isPresent() ? BEARER_TOKEN : BEARER_TOKEN_FILE);
            throw InvalidConfigurationException.hidingValue(tokenKey,
                    "basic auth (" + key(USERNAME) + ") and a bearer token are both set; a request carries one",
                    "keep either the username and password or the bearer token");
        }
        if (bearer) {
            Secret secret = token.isPresent() ? Secret.fixed(key(BEARER_TOKEN), token.get())
                    : secretFile(BEARER_TOKEN_FILE, tokenFile.get());
            String current = readNow(secret, BEARER_TOKEN_FILE);
            if (!CredentialsSource.isToken(current)) {
                String problem = "the token holds white space or control characters, which a header cannot carry";
                String fix = "give the token alone, e.g. the line of an eyJ... JWT";
                if (token.isPresent()) {
                    throw InvalidConfigurationException.hidingValue(key(BEARER_TOKEN), problem, fix);
                }
                throw new InvalidConfigurationException(key(BEARER_TOKEN_FILE), tokenFile.get().toString(), problem,
                        fix);
            }
            return CredentialsSource.bearer(secret);
        }
        if (!basic) {
            return CredentialsSource.none();
        }
        if (username.isEmpty()) {
            throw new InvalidConfigurationException(key(USERNAME), null,
                    "a password is set but no user name", "set " + key(USERNAME) + " or remove the password");
        }
        if (username.get().indexOf(':') >= 0) {
            throw new InvalidConfigurationException(key(USERNAME), username.get(),
                    "a Basic auth user name cannot contain ':'", "use the user name of the web config's basic_auth_users");
        }
        if (password.isEmpty() && passwordFile.isEmpty()) {
            throw new InvalidConfigurationException(key(PASSWORD_FILE), null,
                    "no password for user '" + username.get() + "'",
                    "set " + key(PASSWORD_FILE) + " (preferred) or " + key(PASSWORD));
        }
        Secret secret = password.isPresent() ? Secret.fixed(key(PASSWORD), password.get())
                : secretFile(PASSWORD_FILE, passwordFile.get());
        readNow(secret, PASSWORD_FILE);
        return CredentialsSource.basic(username.get(), secret);
    }

    private SecretFile secretFile(String suffix, Path path) {
        readable(suffix, path);
        return new SecretFile(key(suffix), path);
    }

    private String readNow(Secret secret, String fileSuffix) {
        try {
            return secret.value();
        } catch (IOException e) {
            // only a file can fail: a fixed value is always there
            Path path = ((SecretFile) secret).path();
            throw new InvalidConfigurationException(key(fileSuffix), path.toString(), e.getMessage(),
                    "write the secret into the file, alone on its line");
        }
    }

    ClientTls tls(boolean insecure) {
        Optional<Path> caFile = file(CA_FILE);
        Optional<Path> certFile = file(CERT_FILE);
        Optional<Path> keyFile = file(KEY_FILE);
        if (certFile.isPresent() && keyFile.isEmpty()) {
            throw new InvalidConfigurationException(key(KEY_FILE), null,
                    "a client certificate (" + key(CERT_FILE) + ") needs its private key",
                    "set " + key(KEY_FILE) + " to the certificate's key, PKCS#8 PEM");
        }
        if (keyFile.isPresent() && certFile.isEmpty()) {
            throw new InvalidConfigurationException(key(CERT_FILE), null,
                    "a private key (" + key(KEY_FILE) + ") is set without its certificate",
                    "set " + key(CERT_FILE) + " to the client certificate, PEM");
        }
        List<X509Certificate> trusted = caFile.map(path -> certificates(CA_FILE, path)).orElse(null);
        List<X509Certificate> chain = certFile.map(path -> certificates(CERT_FILE, path)).orElse(null);
        PrivateKey privateKey = keyFile.map(this::privateKey).orElse(null);
        StringBuilder description = new StringBuilder();
        description.append(caFile.map(path -> "CA file " + path + " (" + trusted.size() + " certificate(s))")
                .orElse("system trust store"));
        if (chain != null) {
            X509Certificate leaf = chain.get(0);
            checkValidity(leaf, certFile.get());
            checkKeyMatches(leaf, privateKey, keyFile.get());
            description.append(", client certificate ").append(certFile.get()).append(" (")
                    .append(leaf.getSubjectX500Principal().getName()).append(", valid until ")
                    .append(leaf.getNotAfter().toInstant()).append(")");
        }
        description.append(insecure ? ", NOT VERIFIED (insecure-skip-verify)" : ", host names verified");
        try {
            return ClientTls.create(trusted, chain, privateKey, insecure, description.toString());
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigurationException(key(caFile.isPresent() ? CA_FILE : CERT_FILE),
                    caFile.or(() -> certFile).map(Path::toString).orElse(null),
                    "cannot build the TLS context (" + e.getMessage() + ")", "check the PEM files");
        }
    }

    private List<X509Certificate> certificates(String suffix, Path path) {
        readable(suffix, path);
        try {
            return PemFiles.readCertificates(path);
        } catch (PemException e) {
            throw new InvalidConfigurationException(key(suffix), path.toString(), e.getMessage(),
                    suffix.equals(CA_FILE) ? "give the CA certificate(s) that signed the " + peer() + "'s certificate"
                            : "give the client certificate, then its intermediates, in PEM");
        } catch (IOException e) {
            throw unreadable(suffix, path, e);
        }
    }

    private PrivateKey privateKey(Path path) {
        readable(KEY_FILE, path);
        try {
            return PemFiles.readPrivateKey(path);
        } catch (PemException e) {
            throw new InvalidConfigurationException(key(KEY_FILE), path.toString(), e.getMessage(),
                    "give the client certificate's private key as unencrypted PKCS#8 PEM");
        } catch (IOException e) {
            throw unreadable(KEY_FILE, path, e);
        }
    }

    private void checkValidity(X509Certificate leaf, Path path) {
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new InvalidConfigurationException(key(CERT_FILE), path.toString(),
                    "the client certificate expired at " + leaf.getNotAfter().toInstant(), "renew it");
        } catch (CertificateNotYetValidException e) {
            throw new InvalidConfigurationException(key(CERT_FILE), path.toString(),
                    "the client certificate is not valid before " + leaf.getNotBefore().toInstant(),
                    "check the clock, or wait");
        }
    }

    /** Signs a probe with the key and verifies it with the certificate: a mismatch would only show at handshake. */
    private void checkKeyMatches(X509Certificate leaf, PrivateKey key, Path keyPath) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = "push-forwarder key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new InvalidConfigurationException(key(KEY_FILE), keyPath.toString(),
                    "the private key does not belong to the certificate in " + key(CERT_FILE) + " (a "
                            + key.getAlgorithm() + " key, the certificate holds a "
                            + leaf.getPublicKey().getAlgorithm() + " key)",
                    "give the key the certificate was issued for");
        }
    }

    private boolean insecureSkipVerify() {
        Optional<String> value = value(INSECURE_SKIP_VERIFY);
        if (value.isEmpty()) {
            return false;
        }
        if (!value.get().equals("true") && !value.get().equals("false")) {
            throw new InvalidConfigurationException(key(INSECURE_SKIP_VERIFY), value.get(), "not a boolean",
                    "set false (the default) or, for a test only, true");
        }
        return Boolean.parseBoolean(value.get());
    }

    private void readable(String suffix, Path path) {
        if (!Files.exists(path)) {
            throw new InvalidConfigurationException(key(suffix), path.toString(), "no such file",
                    "give the path of an existing file, absolute or relative to the working folder");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidConfigurationException(key(suffix), path.toString(),
                    Files.isDirectory(path) ? "a folder, not a file" : "not readable by this user",
                    "let this user read the file, e.g. chmod 0400 and chown it to the forwarder's user");
        }
    }

    private InvalidConfigurationException unreadable(String suffix, Path path, IOException e) {
        return new InvalidConfigurationException(key(suffix), path.toString(),
                "cannot read the file (" + e.getClass().getSimpleName() + ")", "let this user read the file");
    }

    private Optional<Path> file(String suffix) {
        return value(suffix).map(Path::of);
    }

    private Optional<String> value(String suffix) {
        return lookup.apply(suffix.startsWith("forwarder.") ? suffix : key(suffix)).map(String::trim)
                .filter(v -> !v.isEmpty());
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }
}
