package io.regimestream.producer.cli;

import io.regimestream.producer.publish.PublishProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a running publisher's counts: on a terminal one status line rewritten in place, otherwise
 * a log line now and then (a rewritten line would fill a log file with carriage returns).
 */
final class ProgressDisplay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressDisplay.class);
    private static final long TERMINAL_REFRESH_MILLIS = 500;

    private final Supplier<PublishProgress> progress;
    private final PrintWriter terminal;
    private final ScheduledExecutorService timer;
    private int lastWidth;
    private boolean closed;

    private ProgressDisplay(Supplier<PublishProgress> progress, PrintWriter terminal, long periodMillis) {
        this.progress = progress;
        this.terminal = terminal;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "producer-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::show, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** A status line on {@code terminal}. */
    static ProgressDisplay onTerminal(Supplier<PublishProgress> progress, PrintWriter terminal) {
        return new ProgressDisplay(progress, terminal, TERMINAL_REFRESH_MILLIS);
    }

    /** Log lines every {@code period}. */
    static ProgressDisplay asLog(Supplier<PublishProgress> progress, Duration period) {
        return new ProgressDisplay(progress, null, period.toMillis());
    }

    private synchronized void show() {
        if (closed) {
            return;
        }
        String line = progress.get().statusLine();
        if (terminal == null) {
            LOG.info("progress: {}", line);
            return;
        }
        // Pad over the previous, possibly longer, line.
        terminal.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        terminal.flush();
        lastWidth = line.length();
    }

    /** Stops updating and clears the status line, so the summary starts on a clean line. */
    @Override
    public synchronized void close() {
        closed = true;
        timer.shutdownNow();
        if (terminal != null && lastWidth > 0) {
            terminal.print("\r" + " ".repeat(lastWidth) + "\r");
            terminal.flush();
            lastWidth = 0;
        }
    }
}
