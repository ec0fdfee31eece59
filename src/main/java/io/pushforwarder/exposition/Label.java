package io.pushforwarder.exposition;

/** One label of a sample, with its value unescaped. */
public record Label(String name, String value) {
}
