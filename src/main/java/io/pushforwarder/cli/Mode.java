package io.pushforwarder.cli;

import java.util.List;

/** What one invocation does; each mode but RUN ends by itself and is fit for cron or a CI job. */
public enum Mode {
    RUN("", "run until stopped (SIGTERM or Ctrl-C stops gracefully and releases the lock)"),
    ONCE("--once", "forward every target one time, print a line per target, exit 0 only if all pushed"),
    DRY_RUN("--dry-run", "scrape and check every target once, print what would be pushed, push nothing"),
    CHECK_CONFIG("--check-config", "check the configuration and the routes, print the targets, and exit"),
    HELP("--help", "show this text");

    final String flag;
    final String help;

    Mode(String flag, String help) {
        this.flag = flag;
        this.help = help;
    }

    /** Ends after one tick of every target. */
    boolean oneRound() {
        return this == ONCE || this == DRY_RUN;
    }

    /** Pushes nothing, so it needs no lock and must not wait for one. */
    boolean lockFree() {
        return this == DRY_RUN || this == CHECK_CONFIG;
    }

    static Mode parse(List<String> args) {
        if (args.isEmpty()) {
            return RUN;
        }
        if (args.size() > 1) {
            throw new IllegalArgumentException("give one option at most, not " + String.join(" ", args));
        }
        String arg = args.get(0);
        if (arg.equals("-h")) {
            return HELP;
        }
        for (Mode mode : values()) {
            if (mode != RUN && mode.flag.equals(arg)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown option '" + arg + "'");
    }
}
