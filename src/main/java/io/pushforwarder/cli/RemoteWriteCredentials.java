package io.pushforwarder.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;

import io.pushforwarder.remotewrite.RequestDecorator;
import io.pushforwarder.security.CredentialsSource;

/**
 * The remote_write requests' Authorization header, from the same {@link CredentialsSource} the gateway's pushes use:
 * a password or token file is read again when it changes, so a rotated secret needs no restart.
 */
final class RemoteWriteCredentials implements RequestDecorator {

    private final CredentialsSource credentials;

    RemoteWriteCredentials(CredentialsSource credentials) {
        this.credentials = credentials;
    }

    @Override
    public void decorate(HttpRequest.Builder request) {
        String authorization;
        try {
            authorization = credentials.authorization();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
    }
}
