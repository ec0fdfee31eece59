package io.pushforwarder.remotewrite;

import java.net.http.HttpRequest;

/**
 * The seam for authentication and tenant headers: called on every request, retries included, after the
 * remote-write headers are set and before it is sent. An {@code Authorization} header set here never appears in a
 * log line. TLS belongs in the {@link java.net.http.HttpClient} given to the sender (its SSLContext and
 * SSLParameters); see {@link RemoteWriteSender#httpClientBuilder(RemoteWriteOptions)}.
 */
@FunctionalInterface
public interface RequestDecorator {

    /** Adds nothing. */
    RequestDecorator NONE = request -> {
    };

    void decorate(HttpRequest.Builder request);
}
