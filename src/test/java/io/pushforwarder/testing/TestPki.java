package io.pushforwarder.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the real openssl, as an operator makes them: a CA, a server certificate for
 * 127.0.0.1 and localhost, a client certificate, a second CA nobody trusts with a server certificate of its own, and
 * a certificate of the trusted CA for another host name. Keys are PKCS#8 PEM, what openssl 3 writes: RSA for the
 * servers, EC P-256 for the CAs and the client. Everything lives in one folder and is valid for two days.
 */
public final class TestPki {

    public static final String OPENSSL = "/usr/bin/openssl";

    /** A certificate and its key. */
    public record Pair(Path cert, Path key) {
    }

    private final Path dir;
    public final Pair ca;
    public final Pair server;
    public final Pair client;
    public final Pair rogueCa;
    public final Pair rogueServer;
    public final Pair wrongNameServer;

    private TestPki(Path dir) throws IOException {
        this.dir = dir;
        ca = selfSigned("ca", "push-forwarder test CA");
        server = issue("server", "rsa", ca, serverExtensions("IP:127.0.0.1,DNS:localhost"), 2);
        client = issue("client", "ec", ca, CLIENT_EXTENSIONS, 2);
        rogueCa = selfSigned("rogue-ca", "nobody trusts this CA");
        rogueServer = issue("rogue-server", "rsa", rogueCa, serverExtensions("IP:127.0.0.1,DNS:localhost"), 2);
        wrongNameServer = issue("wrong-name-server", "rsa", ca, serverExtensions("DNS:gateway.example.invalid"), 2);
    }

    public static TestPki create(Path dir) throws IOException {
        if (!Files.isExecutable(Path.of(OPENSSL))) {
            throw new AssertionError(OPENSSL + " is missing; install it with: apt-get install -y openssl "
                    + "(bin/test does this)");
        }
        return new TestPki(Files.createDirectories(dir));
    }

    public Path dir() {
        return dir;
    }

    static final String CLIENT_EXTENSIONS = """
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature,keyEncipherment
            extendedKeyUsage=clientAuth
            """;

    static String serverExtensions(String subjectAltNames) {
        return """
                basicConstraints=critical,CA:FALSE
                keyUsage=critical,digitalSignature,keyEncipherment
                extendedKeyUsage=serverAuth
                subjectAltName=%s
                """.formatted(subjectAltNames);
    }

    /** A self-signed CA with an EC key. */
    public Pair selfSigned(String name, String commonName) throws IOException {
        Pair pair = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        List<String> command = new ArrayList<>(List.of(OPENSSL, "req", "-x509", "-nodes", "-days", "2",
                "-subj", "/CN=" + commonName, "-keyout", pair.key.toString(), "-out", pair.cert.toString()));
        command.addAll(newKey("ec"));
        openssl(command);
        return pair;
    }

    /** A client certificate of the trusted CA: "rsa" or "ec". */
    public Pair issueClient(String name, String keyType) throws IOException {
        return issue(name, keyType, ca, CLIENT_EXTENSIONS, 2);
    }

    /** A client certificate that expired the moment it was made (validity 0 days). */
    public Pair issueExpiredClient(String name) throws IOException {
        return issue(name, "ec", ca, CLIENT_EXTENSIONS, 0);
    }

    /** A certificate signed by issuer, for a key of keyType ("rsa" or "ec"), with the given X.509v3 extensions. */
    public Pair issue(String name, String keyType, Pair issuer, String extensions, int days) throws IOException {
        Pair pair = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        Path request = dir.resolve(name + ".csr");
        Path extensionFile = Files.writeString(dir.resolve(name + ".ext"), extensions);
        List<String> newRequest = new ArrayList<>(List.of(OPENSSL, "req", "-new", "-nodes", "-subj", "/CN=" + name,
                "-keyout", pair.key.toString(), "-out", request.toString()));
        newRequest.addAll(newKey(keyType));
        openssl(newRequest);
        byte[] serial = new byte[8];
        new SecureRandom().nextBytes(serial);
        openssl(List.of(OPENSSL, "x509", "-req", "-in", request.toString(), "-CA", issuer.cert.toString(),
                "-CAkey", issuer.key.toString(), "-set_serial", "0x" + HexFormat.of().formatHex(serial),
                "-days", Integer.toString(days), "-extfile", extensionFile.toString(), "-out", pair.cert.toString()));
        return pair;
    }

    /** The key in the traditional OpenSSL format (PKCS#1 "RSA PRIVATE KEY" or SEC1 "EC PRIVATE KEY"). */
    public Path traditionalKey(Path pkcs8Key, String name) throws IOException {
        Path out = dir.resolve(name);
        openssl(List.of(OPENSSL, "pkey", "-in", pkcs8Key.toString(), "-traditional", "-out", out.toString()));
        return out;
    }

    /** The key as an encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY"). */
    public Path encryptedKey(Path pkcs8Key, String name) throws IOException {
        Path out = dir.resolve(name);
        openssl(List.of(OPENSSL, "pkcs8", "-topk8", "-v2", "aes256", "-passout", "pass:test-only", "-in",
                pkcs8Key.toString(), "-out", out.toString()));
        return out;
    }

    /** Several files concatenated, e.g. a CA bundle or a certificate followed by its chain. */
    public Path concat(String name, Path... parts) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path part : parts) {
            text.append(Files.readString(part, StandardCharsets.US_ASCII));
        }
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<String> newKey(String keyType) {
        return switch (keyType) {
            case "rsa" -> List.of("-newkey", "rsa:2048");
            case "ec" -> List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
            default -> throw new IllegalArgumentException(keyType);
        };
    }

    private void openssl(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl hung: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("openssl failed: " + command + "\n" + output);
        }
    }
}
