package io.pushforwarder.config;

/**
 * A configuration value that cannot work. The message names the key, what is wrong and how to fix it, so that the
 * command line can print it as the one line an operator reads.
 */
public class InvalidConfigurationException extends RuntimeException {

    private final String key;

    public InvalidConfigurationException(String key, String value, String problem, String fix) {
        this(key, quote(value), problem, fix, true);
    }

    private InvalidConfigurationException(String key, String shownValue, String problem, String fix, boolean unused) {
        super(key + "=" + shownValue + ": " + problem + "; fix: " + fix);
        this.key = key;
    }

    /** For a key whose value is a secret (a password, a token): the message never shows the value. */
    public static InvalidConfigurationException hidingValue(String key, String problem, String fix) {
        return new InvalidConfigurationException(key, "(hidden)", problem, fix, true);
    }

    public String key() {
        return key;
    }

    private static String quote(String value) {
        return value == null ? "(unset)" : "'" + value + "'";
    }
}
