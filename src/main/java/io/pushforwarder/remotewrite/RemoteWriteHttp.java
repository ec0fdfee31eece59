package io.pushforwarder.remotewrite;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.pushforwarder.status.BuildInfo;

/** One remote-write POST and its answer; no retries, no logging. */
final class RemoteWriteHttp {

    static final String USER_AGENT = "push-forwarder/" + BuildInfo.version();
    static final String PROTOCOL_VERSION = "0.1.0";
    /** An error body is read this far, for the log; the rest is discarded. */
    private static final int MAX_BODY = 512;

    /** The receiver's answer: status, Retry-After header (or null), the start of the body on one line. */
    record Answer(int status, String retryAfter, String body) {
    }

    private final URI url;
    private final HttpClient client;
    private final RequestDecorator decorator;
    private final Duration requestTimeout;

    RemoteWriteHttp(URI url, HttpClient client, RequestDecorator decorator, Duration requestTimeout) {
        this.url = url;
        this.client = client;
        this.decorator = decorator;
        this.requestTimeout = requestTimeout;
    }

    /** The JDK client the sender uses unless given one: HTTP/1.1, no redirects, the connect timeout. */
    static HttpClient.Builder clientBuilder(RemoteWriteOptions options) {
        return HttpClient.newBuilder()
                // remote-write receivers speak HTTP/1.1; HTTP/2 over cleartext would mean an upgrade dance per connection
                .version(HttpClient.Version.HTTP_1_1)
                // a redirected POST would lose its body or change method; a 3xx is an answer, never retried
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout());
    }

    Answer post(byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("User-Agent", USER_AGENT)
                .header("X-Prometheus-Remote-Write-Version", PROTOCOL_VERSION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            decorator.decorate(request);
        } catch (java.io.UncheckedIOException e) {
            // e.g. the password file cannot be read: a transport-like failure, retried, never a crash of the sender
            throw e.getCause();
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String text;
        try (InputStream in = response.body()) {
            text = oneLine(new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8));
        }
        return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), text);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
