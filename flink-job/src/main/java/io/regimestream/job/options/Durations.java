package io.regimestream.job.options;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;

/** One syntax for every duration option, Flink's own ({@code 10s}, {@code 500ms}, {@code 1min}). */
final class Durations {

    private Durations() {}

    /** @throws IllegalArgumentException naming {@code option} when {@code text} is not a duration */
    static Duration parse(String option, String text) {
        try {
            return TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration like 10s, 500ms or 1min");
        }
    }
}
