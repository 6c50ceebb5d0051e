package io.regimestream.job.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything logged (message and stack trace) while open, at INFO (or the level asked for) and
 * above for every logger, including Flink's and Kafka's, which the test configuration otherwise
 * keeps at WARN.
 */
final class CapturedLogs extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final Map<LoggerConfig, Level> previousLevels = new HashMap<>();

    private CapturedLogs() {
        super("captured-logs", null, null, true, Property.EMPTY_ARRAY);
    }

    static CapturedLogs capture() {
        return capture(Level.INFO);
    }

    /** Everything at {@code level} and above, every logger lowered to it for the time being. */
    static CapturedLogs capture(Level level) {
        CapturedLogs logs = new CapturedLogs();
        logs.attach(level);
        return logs;
    }

    private void attach(Level level) {
        start();
        CapturedLogs self = this;
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.addAppender(self, Level.ALL, null);
            if (logger.getLevel().isMoreSpecificThan(level) && logger.getLevel() != level) {
                previousLevels.put(logger, logger.getLevel());
                logger.setLevel(level);
            }
        }
        context.updateLoggers();
    }

    @Override
    public synchronized void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLevel().name())
                .append(' ')
                .append(event.getLoggerName())
                .append(": ")
                .append(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
    }

    synchronized String text() {
        return String.join("\n", lines);
    }

    synchronized int size() {
        return lines.size();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        for (LoggerConfig logger : context.getConfiguration().getLoggers().values()) {
            logger.removeAppender(getName());
        }
        previousLevels.forEach(LoggerConfig::setLevel);
        context.updateLoggers();
        stop();
    }
}
