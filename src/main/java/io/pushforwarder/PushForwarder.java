package io.pushforwarder;

import io.pushforwarder.cli.ForwarderCommand;

/** Entry point: {@code java -jar push-forwarder.jar [--help]}. */
public final class PushForwarder {
    public static void main(String[] args) {
        System.exit(new ForwarderCommand(System.out, System.err).run(args));
    }
}
