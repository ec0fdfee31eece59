package io.pushforwarder.cli;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import io.pushforwarder.config.ForwarderConfig;
import io.pushforwarder.config.InvalidConfigurationException;
import io.pushforwarder.grouping.InvalidGroupingKeyException;
import org.apache.camel.main.Main;

/**
 * The command line: runs the forwarder until stopped, runs one round, checks the configuration, or explains itself.
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
        Mode mode;
        try {
            mode = Mode.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            err.println("push-forwarder: " + e.getMessage() + "; see --help");
            return EXIT_BAD_CONFIG;
        }
        if (mode == Mode.HELP) {
            out.print(usage());
            return EXIT_OK;
        }
        Main main = newMain(mode);
        RoundReport report = null;
        if (mode.oneRound() || mode == Mode.CHECK_CONFIG) {
            report = new RoundReport(mode, out);
            main.addMainListener(report);
        }
        try {
            main.run();
        } catch (Exception e) {
            return reportStartupFailure(e);
        }
        return report != null ? report.exitCode() : main.getExitCode();
    }

    /** A camel-main runtime reading our properties file and routes, checked by {@link ForwarderStartup}. */
    static Main newMain(Mode mode) {
        Main main = new Main();
        String config = System.getenv().getOrDefault(CONFIG_LOCATION_ENV, DEFAULT_CONFIG);
        main.setPropertyPlaceholderLocations("file:" + config);
        // lowest precedence: the file, env vars and -D all override it
        main.addInitialProperty("forwarder.instance", hostName());
        if (mode == Mode.DRY_RUN) {
            main.addOverrideProperty("forwarder.dry-run", "true");
        }
        if (mode.oneRound()) {
            main.addOverrideProperty(ForwarderConfig.ONE_ROUND, "true");
        }
        if (mode == Mode.CHECK_CONFIG) {
            // routes are built, and so checked, but nothing is scraped or pushed
            main.addOverrideProperty("camel.main.auto-startup", "false");
        }
        // unique per process even when several forwarders share a host, as the ZooKeeper election needs
        main.addInitialProperty("forwarder.lock.zookeeper.node-id", hostName() + "-" + ProcessHandle.current().pid());
        main.addMainListener(new ForwarderStartup(mode));
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
        StringBuilder text = new StringBuilder("""
                Usage: push-forwarder [--once | --dry-run | --check-config | --help]

                Pulls each configured exporter over loopback and pushes its metrics to a Prometheus Pushgateway
                on a schedule; a failed, empty or non-2xx scrape is never pushed.

                """);
        for (Mode mode : Mode.values()) {
            text.append(String.format("  %-16s %s%n", mode == Mode.RUN ? "(no option)" : mode.flag, mode.help));
        }
        text.append("""

                Configuration: config/application.properties in the working directory (or the file named by
                FORWARDER_CONFIG); every key can be overridden by an env var (forwarder.job -> FORWARDER_JOB)
                or a -D system property. Targets: routes/targets.camel.yaml.
                Exit codes: 0 done (or stopped cleanly), 1 a target was not pushed (--once) or not valid
                (--dry-run), 2 bad configuration. After SIGTERM the JVM exits 143.
                """);
        return text.toString();
    }
}
