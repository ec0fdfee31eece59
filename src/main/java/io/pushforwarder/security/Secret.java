package io.pushforwarder.security;

import java.io.IOException;

/** A password or token: a fixed value from the configuration, or a file read again when it changes. */
public interface Secret {

    /** The current value; an IOException says why it cannot be had, never what it is. */
    String value() throws IOException;

    /** Where the value comes from, for logs: never the value. */
    String source();

    /** A value given in the configuration (properties, env var or -D). */
    static Secret fixed(String key, String value) {
        return new Secret() {
            @Override
            public String value() {
                return value;
            }

            @Override
            public String source() {
                return key;
            }

            @Override
            public String toString() {
                return source();
            }
        };
    }
}
