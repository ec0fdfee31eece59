package io.pushforwarder.embed;

import io.pushforwarder.remotewrite.RemoteWriteForwarder;

/**
 * Builds the beans that push-forwarder's own start-up binds from Java, in the form a host application without our
 * Main gets them: declared in {@code push-forwarder/host-defaults.camel.yaml}, a file that only the library jar
 * carries, so that the forwarder's own routes folder never overrides what its Main bound.
 */
public class HostDefaults {

    /** No remote_write receiver: the routes ask it only when a target names remote-write among its sinks. */
    public RemoteWriteForwarder remoteWriteOff() {
        return new RemoteWriteForwarder(null);
    }
}
