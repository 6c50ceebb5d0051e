package io.regimestream.producer.sources;

import io.regimestream.common.records.Reading;

/**
 * Where the publisher's readings come from. Readings without a timestamp
 * ({@link Reading#NO_TIMESTAMP}) are stamped with the send time by the publisher.
 * Called from the publishing thread only.
 */
public interface ReadingSource {

    /** The next reading, or {@code null} when the source is exhausted. */
    Reading next();

    /** What the source is, for the start-up log line. */
    String describe();
}
