package io.pushforwarder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.mindrot.jbcrypt.BCrypt;

/**
 * The --web.config.file of the real Pushgateway and node_exporter (Prometheus' exporter-toolkit): TLS, client
 * certificates and bcrypt basic auth users. Both re-read it on every request, so rewriting it changes a running
 * server's users and certificates.
 */
public final class WebConfig {

    private final Path file;
    private TestPki.Pair certificate;
    private Path clientCa;
    private final Map<String, String> users = new LinkedHashMap<>();

    public WebConfig(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public WebConfig tls(TestPki.Pair serverCertificate) {
        this.certificate = serverCertificate;
        return this;
    }

    /** client_auth_type RequireAndVerifyClientCert against this CA. */
    public WebConfig requireClientCertificates(Path clientCaFile) {
        this.clientCa = clientCaFile;
        return this;
    }

    /** A basic auth user; the password is stored as a bcrypt hash (cost 10), as the server requires. */
    public WebConfig user(String name, String password) {
        users.put(name, BCrypt.hashpw(password, BCrypt.gensalt(10)));
        return this;
    }

    public WebConfig clearUsers() {
        users.clear();
        return this;
    }

    /** Writes the file: atomically, so that a server reading it on a request never sees half of it. */
    public Path write() throws IOException {
        StringBuilder yaml = new StringBuilder();
        if (certificate != null) {
            yaml.append("tls_server_config:\n")
                    .append("  cert_file: ").append(certificate.cert()).append('\n')
                    .append("  key_file: ").append(certificate.key()).append('\n');
            if (clientCa != null) {
                yaml.append("  client_ca_file: ").append(clientCa).append('\n')
                        .append("  client_auth_type: RequireAndVerifyClientCert\n");
            }
        }
        if (!users.isEmpty()) {
            yaml.append("basic_auth_users:\n");
            users.forEach((name, hash) -> yaml.append("  ").append(name).append(": '").append(hash).append("'\n"));
        }
        Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), yaml);
        Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
