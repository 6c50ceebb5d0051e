package io.regimestream.common.simulation;

import io.regimestream.common.records.Reading;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A fleet of machines that switch between work regimes: each machine holds a regime for a random
 * number of readings, then jumps to a different one; each reading is the regime's level plus
 * Gaussian noise. Training generates its data with it and the producer simulates live machines
 * with it, so both see the same world. Deterministic for a given seed; not thread-safe.
 *
 * <p>Readings come round-robin over the machines; machine {@code i} is {@code machine-(i+1)}
 * (zero-padded), and each machine's timestamps advance by {@code intervalMillis}.
 */
public final class RegimeSimulator {

    /**
     * The default world: four well-separated regimes (idle, light, normal, heavy load), so the
     * elbow method can find them and a classifier can tell them apart.
     */
    public static final List<Regime> DEFAULT_REGIMES = List.of(
            new Regime("idle", 40.0, 0.8, 20, 200),
            new Regime("light", 48.0, 1.0, 20, 200),
            new Regime("normal", 57.0, 1.2, 20, 200),
            new Regime("heavy", 66.0, 1.5, 20, 200));

    /** How far above the hottest regime's level a drifting machine's coolest regime lands, °C. */
    public static final double DRIFT_MARGIN = 25.0;

    private final List<Regime> regimes;
    private final String[] machineIds;
    private final double[] shift;
    private final int[] currentRegime;
    private final int[] remaining;
    private final long[] nextTimestamp;
    private final long intervalMillis;
    private final SplittableRandom random;
    private int nextMachine;

    private RegimeSimulator(Builder b) {
        this.regimes = List.copyOf(b.regimes);
        this.random = new SplittableRandom(b.seed);
        this.intervalMillis = b.intervalMillis;
        this.machineIds = new String[b.machines];
        this.currentRegime = new int[b.machines];
        this.remaining = new int[b.machines];
        this.nextTimestamp = new long[b.machines];
        this.shift = new double[b.machines];
        for (int m = 0; m < b.machines; m++) {
            machineIds[m] = machineId(m, b.machines);
            currentRegime[m] = random.nextInt(regimes.size());
            remaining[m] = holdFor(regimes.get(currentRegime[m]));
            nextTimestamp[m] = b.startMillis;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The id of machine {@code index} (0-based) in a fleet of {@code fleetSize}: press-01, press-02, ... */
    public static String machineId(int index, int fleetSize) {
        int width = Math.max(2, String.valueOf(fleetSize).length());
        return "press-" + String.format("%0" + width + "d", index + 1);
    }

    public List<Regime> regimes() {
        return regimes;
    }

    public int machines() {
        return machineIds.length;
    }

    /** The next reading, from the next machine in turn. */
    public SimulatedReading next() {
        int m = nextMachine;
        nextMachine = (nextMachine + 1) % machineIds.length;
        return nextFor(m);
    }

    /** The next reading of machine {@code m} (0-based), for callers that pace machines themselves. */
    public SimulatedReading nextFor(int m) {
        if (remaining[m] == 0) {
            currentRegime[m] = otherRegime(currentRegime[m]);
            remaining[m] = holdFor(regimes.get(currentRegime[m]));
        }
        remaining[m]--;
        Regime regime = regimes.get(currentRegime[m]);
        double temperature = regime.meanTemperature() + regime.stdDev() * gaussian() + shift[m];
        long timestamp = nextTimestamp[m];
        nextTimestamp[m] += intervalMillis;
        return new SimulatedReading(new Reading(machineIds[m], timestamp, temperature), currentRegime[m]);
    }

    /**
     * From now on machine {@code m}'s readings are {@code celsius} warmer (or cooler, if negative);
     * it keeps switching regimes as before. A sensor that drifted, or a machine in a world the model
     * never saw: the demo's way of showing drift. The true regime of its readings stays the simulated one.
     */
    public void shift(int m, double celsius) {
        if (!Double.isFinite(celsius)) {
            throw new IllegalArgumentException("a shift must be a finite number of degrees, got " + celsius);
        }
        shift[m] = celsius;
    }

    /**
     * The shift that takes a machine out of the range these regimes produce: its coolest regime
     * then sits {@link #DRIFT_MARGIN} above the hottest regime's level (+51 °C with the default
     * regimes: 91..117 °C instead of 40..66 °C, still plausible readings).
     */
    public double outOfRangeShift() {
        double coolest =
                regimes.stream().mapToDouble(Regime::meanTemperature).min().orElseThrow();
        double hottest =
                regimes.stream().mapToDouble(Regime::meanTemperature).max().orElseThrow();
        return hottest - coolest + DRIFT_MARGIN;
    }

    /** The index of a machine id of this fleet (press-01 is 0), or -1 if it is not one. */
    public int machineIndex(String machineId) {
        for (int m = 0; m < machineIds.length; m++) {
            if (machineIds[m].equals(machineId)) {
                return m;
            }
        }
        return -1;
    }

    private int otherRegime(int current) {
        if (regimes.size() == 1) {
            return current;
        }
        int next = random.nextInt(regimes.size() - 1);
        return next >= current ? next + 1 : next;
    }

    private int holdFor(Regime r) {
        return r.minHold() + random.nextInt(r.maxHold() - r.minHold() + 1);
    }

    // Marsaglia polar method: SplittableRandom has no nextGaussian on Java 17.
    private double spare;
    private boolean hasSpare;

    private double gaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u, v, s;
        do {
            u = random.nextDouble() * 2 - 1;
            v = random.nextDouble() * 2 - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * factor;
        hasSpare = true;
        return u * factor;
    }

    public static final class Builder {
        private List<Regime> regimes = DEFAULT_REGIMES;
        private long seed = 42;
        private int machines = 3;
        private long startMillis = 1_764_213_600_000L; // 2025-11-27T03:20:00Z, a fixed start keeps runs reproducible
        private long intervalMillis = 1_000;

        public Builder regimes(List<Regime> regimes) {
            this.regimes = Objects.requireNonNull(regimes, "regimes");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder machines(int machines) {
            this.machines = machines;
            return this;
        }

        public Builder startMillis(long startMillis) {
            this.startMillis = startMillis;
            return this;
        }

        public Builder intervalMillis(long intervalMillis) {
            this.intervalMillis = intervalMillis;
            return this;
        }

        public RegimeSimulator build() {
            if (regimes.isEmpty()) {
                throw new IllegalArgumentException("the simulator needs at least one regime");
            }
            if (machines < 1) {
                throw new IllegalArgumentException("the simulator needs at least one machine, got " + machines);
            }
            if (intervalMillis < 0) {
                throw new IllegalArgumentException("intervalMillis must be >= 0");
            }
            return new RegimeSimulator(this);
        }
    }
}
