package io.pushforwarder.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.pushforwarder.security.ClientTls;
import io.pushforwarder.security.PemFiles;

/**
 * Reads a TLS server with basic auth as a person with the right files would: the JDK's own HTTP client, trusting the
 * test CA, optionally showing a client certificate, with or without a user.
 */
public final class SecureClient {

    private final HttpClient http;
    private final String authorization;

    public SecureClient(TestPki.Pair ca, TestPki.Pair clientCertificate, String user, String password)
            throws Exception {
        ClientTls tls = ClientTls.create(PemFiles.readCertificates(ca.cert()),
                clientCertificate == null ? null : PemFiles.readCertificates(clientCertificate.cert()),
                clientCertificate == null ? null : PemFiles.readPrivateKey(clientCertificate.key()), false, "test");
        this.http = HttpClient.newBuilder().sslContext(tls.sslContext()).connectTimeout(Duration.ofSeconds(2))
                .build();
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The status and body of a GET. */
    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body of a 2xx answer, or an AssertionError. */
    public String body(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = get(url);
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
