package io.pushforwarder.testing;

import java.nio.file.Path;

/**
 * A real Prometheus started as a remote-write receiver by {@link RealStack#startRemoteWriteReceiver()}. Stop it with
 * {@code stack.processNamed(processName()).stop()}; start it again on the same port and data with
 * {@link RealStack#startRemoteWriteReceiver(int, Path)}.
 */
public record RemoteWriteReceiver(Prometheus prometheus, int port, Path tsdb, String processName) {

    /** The remote-write endpoint. */
    public String writeUrl() {
        return prometheus.url() + "/api/v1/write";
    }
}
