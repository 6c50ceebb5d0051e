package io.regimestream.training.retrain;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What the retrainer tells the person watching it: one line per thing it notices or does, with the
 * time, on standard output (the training's progress lines come in between while it trains).
 */
final class RetrainLog {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PrintStream out;
    private final java.util.function.LongSupplier clock;

    RetrainLog(PrintStream out, java.util.function.LongSupplier clock) {
        this.out = out;
        this.clock = clock;
    }

    void say(String format, Object... args) {
        out.println("[retrain " + clock(clock.getAsLong()) + "] " + String.format(Locale.ROOT, format, args));
        out.flush();
    }

    PrintStream stream() {
        return out;
    }

    static String clock(long epochMillis) {
        return CLOCK.format(Instant.ofEpochMilli(epochMillis));
    }

    /** e.g. {@code 2m30s}, {@code 45s}, {@code 1h5m}. */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : ((s % 3600) / 60) + "m");
    }
}
