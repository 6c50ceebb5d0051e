package io.regimestream.job.health;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.util.TimeUtils;

/**
 * How the job watches for drift ({@link DriftMonitor}).
 *
 * @param window              length of the sliding window, evaluated every half window; zero = drift off
 * @param minReadings         a window with fewer readings (of a machine, or of a task overall) has no figures
 * @param psiThreshold        a PSI above this is drift
 * @param outOfRangeThreshold a share of readings outside the training [min, max] above this is drift
 */
public record DriftSettings(Duration window, int minReadings, double psiThreshold, double outOfRangeThreshold)
        implements Serializable {

    /** As the option takes it; {@link #DEFAULT_WINDOW} is read from it, so the default is stated once. */
    public static final String DEFAULT_WINDOW_OPTION = "10min";

    public static final Duration DEFAULT_WINDOW = TimeUtils.parseDuration(DEFAULT_WINDOW_OPTION);
    /**
     * Fewer readings than this give PSI mostly noise: for N readings drawn from the training
     * distribution itself, PSI over 10 bins is about 9/N on average (a chi-square with 9 degrees of
     * freedom over N), so 200 readings give ~0.045, and above 0.2 only about once in 250,000 windows.
     */
    public static final int DEFAULT_MIN_READINGS = 200;
    /** The usual reading of PSI: below 0.1 no change, 0.1 to 0.2 some, above 0.2 a significant shift. */
    public static final double DEFAULT_PSI_THRESHOLD = 0.2;
    /**
     * The training range holds every training reading, so readings like them fall outside it almost
     * never (the simulator's regimes: about 1 in 50,000); one in 20 outside is no accident.
     */
    public static final double DEFAULT_OUT_OF_RANGE_THRESHOLD = 0.05;

    public static final DriftSettings DEFAULTS = new DriftSettings(
            DEFAULT_WINDOW, DEFAULT_MIN_READINGS, DEFAULT_PSI_THRESHOLD, DEFAULT_OUT_OF_RANGE_THRESHOLD);
    public static final DriftSettings OFF = new DriftSettings(
            Duration.ZERO, DEFAULT_MIN_READINGS, DEFAULT_PSI_THRESHOLD, DEFAULT_OUT_OF_RANGE_THRESHOLD);

    public DriftSettings {
        if (window == null || window.isNegative() || (!window.isZero() && window.toMillis() < 2)) {
            throw new IllegalArgumentException("--drift-window must be a duration of at least 2ms, or 0 for no drift "
                    + "monitoring, was " + window);
        }
        if (minReadings < 1) {
            throw new IllegalArgumentException("--drift-min-readings must be at least 1, was " + minReadings);
        }
        if (!(psiThreshold > 0) || !Double.isFinite(psiThreshold)) {
            throw new IllegalArgumentException("--drift-psi-threshold must be above 0, was " + psiThreshold);
        }
        if (!(outOfRangeThreshold >= 0 && outOfRangeThreshold < 1)) {
            throw new IllegalArgumentException(
                    "--drift-out-of-range-threshold must be a share in [0, 1), was " + outOfRangeThreshold);
        }
    }

    public boolean enabled() {
        return !window.isZero();
    }

    /** Windows are evaluated every half window, over the last two halves. */
    public long slotMillis() {
        return window.toMillis() / 2;
    }
}
