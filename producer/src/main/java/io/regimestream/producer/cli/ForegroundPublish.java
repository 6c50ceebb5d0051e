package io.regimestream.producer.cli;

import io.regimestream.producer.publish.KafkaUnavailableException;
import io.regimestream.producer.publish.PublishProgress;
import io.regimestream.producer.publish.ReadingPublisher;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a publisher to its end in the foreground of a command: progress on the terminal (or in the
 * log when there is none), Ctrl-C stops sending and holds the JVM until the publisher has flushed,
 * then a one-line summary and the exit code that says whether everything was delivered.
 */
final class ForegroundPublish {

    private final ReadingPublisher publisher;
    private final String topic;
    /** How long a flush may take; the Ctrl-C hook waits a little longer for the summary. */
    private final Duration flushTimeout;

    ForegroundPublish(ReadingPublisher publisher, String topic, Duration flushTimeout) {
        this.publisher = publisher;
        this.topic = topic;
        this.flushTimeout = flushTimeout;
    }

    /** @return the command's exit code */
    int run(PrintWriter out, PrintWriter err) {
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        // Ctrl-C: stop sending, let run() flush, and hold the JVM until the summary is out.
        Thread onCtrlC = new Thread(
                () -> {
                    interrupted.set(true);
                    publisher.stop();
                    try {
                        finished.await(flushTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "producer-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        KafkaUnavailableException failure = null;
        try {
            try (ProgressDisplay ignored = System.console() != null
                    ? ProgressDisplay.onTerminal(publisher::progress, err)
                    : ProgressDisplay.asLog(publisher::progress, Duration.ofSeconds(5))) {
                publisher.run();
            } catch (KafkaUnavailableException e) {
                failure = e;
            }
            PublishProgress result = publisher.progress();
            out.println(summary(result, interrupted.get()));
            out.flush();
            if (failure != null) {
                err.println("error: " + failure.getMessage());
                return ExitCodes.KAFKA_UNAVAILABLE;
            }
            if (result.failed() > 0 || result.pending() > 0) {
                err.println("error: " + (result.failed() + result.pending()) + " reading(s) were not delivered to "
                        + topic + " (Kafka did not acknowledge them; see the warnings above)");
                return ExitCodes.NOT_ALL_DELIVERED;
            }
            return ExitCodes.OK;
        } finally {
            err.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: nothing to remove
            }
        }
    }

    private String summary(PublishProgress p, boolean interrupted) {
        return String.format(
                Locale.ROOT,
                "producer: sent %d reading%s to %s in %.1f s (%.1f/s), %d error%s%s",
                p.sent(),
                p.sent() == 1 ? "" : "s",
                topic,
                p.elapsedSeconds(),
                p.ratePerSecond(),
                p.failed() + p.pending(),
                p.failed() + p.pending() == 1 ? "" : "s",
                interrupted ? "; stopped by Ctrl-C/SIGTERM" : "");
    }
}
