package io.regimestream.job.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The problems of a configuration, collected so that one start names every one of them (each
 * naming its option), then thrown together as one {@link IllegalArgumentException}.
 */
public final class Problems {

    private final List<String> problems = new ArrayList<>();

    /** Notes {@code problem} unless {@code ok}. */
    public void check(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    /** Notes that {@code option} is missing when {@code value} is null or blank; true when it is set. */
    public boolean requireSet(String option, Object value) {
        boolean set = value != null && !value.toString().isBlank();
        check(set, "no " + option + " given");
        return set;
    }

    /** The value, or null with its {@link IllegalArgumentException}'s message noted. */
    public <T> T read(Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** @throws IllegalArgumentException with every problem noted, if any */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
