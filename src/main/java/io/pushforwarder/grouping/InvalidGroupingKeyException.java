package io.pushforwarder.grouping;

/** A grouping key the Pushgateway would refuse or misread; raised at start-up, never per tick. */
public class InvalidGroupingKeyException extends IllegalArgumentException {
    public InvalidGroupingKeyException(String message) {
        super(message);
    }
}
