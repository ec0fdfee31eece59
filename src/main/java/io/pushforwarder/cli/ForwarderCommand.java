package io.pushforwarder.cli;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import io.pushforwarder.config.InvalidConfigurationException;
import io.pushforwarder.grouping.InvalidGroupingKeyException;
import org.apache.camel.main.Main;

/**
 * The command line: runs the forwarder until stopped, or explains itself.
 *
 * <p>Configuration errors end in one line on stderr and exit code 2, never a stack trace: the operator needs the key
 * and the fix, not Camel's internals.
 */
public final class ForwarderCommand {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_CONFIG = 2;

    static final String CONFIG_LOCATION_ENV = "FORWARDER_CONFIG";
    static final String DEFAULT_CONFIG = "config/application.properties";

    private final PrintStream out;
    private final PrintStream err;

    public ForwarderCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(usage());
            return EXIT_OK;
        }
        if (args.length > 0) {
            err.println("push-forwarder: unknown argument '" + args[0] + "'; see --help");
            return EXIT_BAD_CONFIG;
        }
        Main main = newMain();
        try {
            main.run();
            return main.getExitCode();
        } catch (Exception e) {
            return reportStartupFailure(e);
        }
    }

    /** A camel-main runtime reading our properties file and routes, checked by {@link ForwarderStartup}. */
    public static Main newMain() {
        Main main = new Main();
        String config = System.getenv().getOrDefault(CONFIG_LOCATION_ENV, DEFAULT_CONFIG);
        main.setPropertyPlaceholderLocations("file:" + config);
        // lowest precedence: the file, env vars and -D all override it
        main.addInitialProperty("forwarder.instance", hostName());
        // unique per process even when several forwarders share a host, as the ZooKeeper election needs
        main.addInitialProperty("forwarder.lock.zookeeper.node-id", hostName() + "-" + ProcessHandle.current().pid());
        main.addMainListener(new ForwarderStartup());
        return main;
    }

    int reportStartupFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationException || cause instanceof InvalidGroupingKeyException) {
                err.println("push-forwarder: configuration error: " + cause.getMessage());
                return EXIT_BAD_CONFIG;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        err.println("push-forwarder: cannot start: " + root.getMessage()
                + (root == failure ? "" : " (" + failure.getMessage() + ")"));
        return EXIT_BAD_CONFIG;
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnv = System.getenv("HOSTNAME");
            return fromEnv != null ? fromEnv : "localhost";
        }
    }

    static String usage() {
        return """
                Usage: push-forwarder [--help]

                Pulls each configured exporter over loopback and pushes its metrics to a Prometheus Pushgateway
                on a schedule; a failed, empty or non-2xx scrape is never pushed.

                  (no argument)  run until stopped (SIGTERM or Ctrl-C stops gracefully and releases the lock)
                  --help         show this text

                Configuration: config/application.properties in the working directory (or the file named by
                FORWARDER_CONFIG); every key can be overridden by an env var (forwarder.job -> FORWARDER_JOB)
                or a -D system property. Targets: routes/targets.camel.yaml.
                Exit codes: 0 stopped cleanly, 2 bad configuration.
                """;
    }
}
