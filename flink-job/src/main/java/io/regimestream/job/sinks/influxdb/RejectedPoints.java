package io.regimestream.job.sinks.influxdb;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the points InfluxDB refuses for good go (a field type conflict, a time outside the
 * retention policy, too many tag values, a line it cannot parse), so that one bad point neither
 * fails the job nor blocks the points after it. Shipped to the task managers; each writer opens its
 * own {@link Writer}.
 */
@FunctionalInterface
public interface RejectedPoints extends Serializable {

    /** Called once per sink writer, when it opens. */
    Writer open();

    /** Hands refused points on; the future completes once they are safely stored elsewhere. */
    interface Writer extends AutoCloseable {

        /**
         * @param lines        the refused points, as line protocol
         * @param influxMessage InfluxDB's answer for them (e.g. "HTTP 400: partial write: field type conflict ...")
         */
        CompletableFuture<Void> rejected(List<String> lines, String influxMessage);

        @Override
        void close();
    }

    /** The default without a dead-letter destination: a WARN line per refused point, and on. */
    static RejectedPoints logOnly() {
        return () -> new Writer() {
            private final Logger log = LoggerFactory.getLogger(RejectedPoints.class);

            @Override
            public CompletableFuture<Void> rejected(List<String> lines, String influxMessage) {
                lines.forEach(line -> log.warn("InfluxDB refused a point, dropped it ({}): {}", influxMessage, line));
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {}
        };
    }
}
