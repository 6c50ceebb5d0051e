package io.regimestream.job.config;

import java.util.Locale;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Where the job starts reading when it is not restored from a checkpoint or savepoint. */
public enum StartingOffsets {
    /** The consumer group's committed offsets; from the beginning of partitions it has none for. */
    COMMITTED,
    EARLIEST,
    LATEST;

    @SuppressWarnings("deprecation") // OffsetResetStrategy is what the connector's API still takes
    public OffsetsInitializer initializer() {
        return switch (this) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
    }

    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StartingOffsets parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown starting offsets '" + text + "': use committed, earliest or latest");
        }
    }
}
