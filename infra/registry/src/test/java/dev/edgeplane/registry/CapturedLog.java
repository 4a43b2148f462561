package dev.edgeplane.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Log lines of one logger at INFO and above, kept in memory while open. The lines still reach the
 * console. Closing removes the logger configuration it added.
 */
final class CapturedLog implements AutoCloseable {

    /** One captured line. */
    record Line(Level level, String message) {
    }

    private final String loggerName;
    private final LoggerContext context;
    private final AbstractAppender appender;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    CapturedLog(String loggerName) {
        this.loggerName = loggerName;
        this.context = LoggerContext.getContext(false);
        this.appender = new AbstractAppender("captured-" + loggerName, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(new Line(event.getLevel(), event.getMessage().getFormattedMessage()));
            }
        };
        appender.start();

        Configuration configuration = context.getConfiguration();
        LoggerConfig logger = new LoggerConfig(loggerName, Level.INFO, true);
        logger.addAppender(appender, Level.INFO, null);
        configuration.addLogger(loggerName, logger);
        context.updateLoggers();
    }

    /** Returns the messages logged at {@code level} so far. */
    List<String> messages(Level level) {
        return lines.stream().filter(line -> line.level() == level).map(Line::message).toList();
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(loggerName);
        context.updateLoggers();
        appender.stop();
    }
}
