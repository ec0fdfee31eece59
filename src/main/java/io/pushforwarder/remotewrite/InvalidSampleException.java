package io.pushforwarder.remotewrite;

/** A label set or sample that remote write would refuse: a bad or repeated label name, a bad metric name. */
public class InvalidSampleException extends IllegalArgumentException {
    public InvalidSampleException(String message) {
        super(message);
    }
}
