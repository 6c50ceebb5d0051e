package io.regimestream.job.config;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.util.TimeUtils;

/**
 * How far a reading's event time may lie before or after the processing time. A reading from
 * years ago or from the future (a device with a wrong clock, a unit mix-up) would land far off
 * every dashboard and outside InfluxDB's retention; it is a dead letter ({@code invalid_timestamp})
 * instead. A zero side is unlimited.
 *
 * @param past   the most an event time may lie before the processing time; zero = unlimited
 * @param future the most it may lie after; zero = unlimited
 */
public record EventTimeSkew(Duration past, Duration future) implements Serializable {

    public static final EventTimeSkew UNLIMITED = new EventTimeSkew(Duration.ZERO, Duration.ZERO);
    /** The default of {@code --max-event-time-skew}: a week before, an hour after. */
    public static final String DEFAULT_OPTION = "7d,1h";

    public static final EventTimeSkew DEFAULT = parse(DEFAULT_OPTION);

    public EventTimeSkew {
        Objects.requireNonNull(past, "past");
        Objects.requireNonNull(future, "future");
        if (past.isNegative() || future.isNegative()) {
            throw new IllegalArgumentException(
                    "--max-event-time-skew must not be negative, was " + past + "," + future);
        }
    }

    /**
     * Reads {@code PAST[,FUTURE]}, e.g. {@code 7d,1h} or {@code 30d} (both sides); {@code 0} or
     * {@code none} turns the check off.
     */
    public static EventTimeSkew parse(String text) {
        String value = text == null ? "" : text.strip();
        if (value.equalsIgnoreCase("none") || value.equals("0")) {
            return UNLIMITED;
        }
        String[] sides = value.split(",", -1);
        if (sides.length > 2) {
            throw new IllegalArgumentException(invalid(text));
        }
        Duration past = duration(sides[0], text);
        return new EventTimeSkew(past, sides.length == 2 ? duration(sides[1], text) : past);
    }

    /** Empty when {@code eventMillis} is close enough to {@code nowMillis}, else what is wrong. */
    public Optional<String> check(long eventMillis, long nowMillis) {
        long early = nowMillis - eventMillis;
        if (!past.isZero() && early > past.toMillis()) {
            return Optional.of("timestamp " + Instant.ofEpochMilli(eventMillis) + " is " + Duration.ofMillis(early)
                    + " before the processing time, more than the " + past + " allowed (--max-event-time-skew)");
        }
        if (!future.isZero() && -early > future.toMillis()) {
            return Optional.of("timestamp " + Instant.ofEpochMilli(eventMillis) + " is " + Duration.ofMillis(-early)
                    + " after the processing time, more than the " + future + " allowed (--max-event-time-skew)");
        }
        return Optional.empty();
    }

    private static Duration duration(String side, String whole) {
        try {
            return TimeUtils.parseDuration(side.strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(invalid(whole));
        }
    }

    private static String invalid(String text) {
        return "--max-event-time-skew '" + text + "' is not PAST[,FUTURE] like 7d,1h or 30d, or none";
    }
}
