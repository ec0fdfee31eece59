package io.pushforwarder.remotewrite;

/**
 * The body of one remote-write request: a snappy-compressed protobuf WriteRequest.
 *
 * @param body          the bytes to POST
 * @param samples       how many samples it was made of
 * @param series        how many TimeSeries it carries (samples of the same label set share one)
 * @param protobufBytes the size before compression
 */
public record EncodedRequest(byte[] body, int samples, int series, int protobufBytes) {
}
