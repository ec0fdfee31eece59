package io.pushforwarder.config;

/**
 * A configuration value that cannot work. The message names the key, what is wrong and how to fix it, so that the
 * command line can print it as the one line an operator reads.
 */
public class InvalidConfigurationException extends RuntimeException {

    private final String key;

    public InvalidConfigurationException(String key, String value, String problem, String fix) {
        super(key + "=" + quote(value) + ": " + problem + "; fix: " + fix);
        this.key = key;
    }

    public String key() {
        return key;
    }

    private static String quote(String value) {
        return value == null ? "(unset)" : "'" + value + "'";
    }
}
