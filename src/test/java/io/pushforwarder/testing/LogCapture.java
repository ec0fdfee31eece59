package io.pushforwarder.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects the lines of one logger during a test, as "LEVEL message". */
public final class LogCapture implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger;
    private final AbstractAppender appender;

    public LogCapture(String loggerName) {
        logger = (Logger) LogManager.getLogger(loggerName);
        appender = new AbstractAppender("capture-" + IDS.incrementAndGet(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        logger.addAppender(appender);
    }

    public static LogCapture remoteWrite() {
        return new LogCapture("forwarder.remote-write");
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public List<String> lines(String level) {
        return lines.stream().filter(line -> line.startsWith(level + " ")).toList();
    }

    @Override
    public void close() {
        logger.removeAppender(appender);
        appender.stop();
    }
}
