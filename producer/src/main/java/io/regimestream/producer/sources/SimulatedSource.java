package io.regimestream.producer.sources;

import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live machines from the shared {@link RegimeSimulator}: each machine follows its own regime
 * sequence, machines take turns. The simulator's synthetic clock is dropped: live readings are
 * stamped with their send time. With a {@link Drift}, one machine leaves the temperature range the
 * model was trained on once the given time has passed since the first reading.
 */
public final class SimulatedSource implements ReadingSource {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedSource.class);

    /**
     * After {@code after} (counted from the first reading), machine {@code machineId} reads
     * {@link RegimeSimulator#outOfRangeShift()} degrees warmer for good.
     */
    public record Drift(Duration after, String machineId) {
        public Drift {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(machineId, "machineId");
            if (after.isNegative()) {
                throw new IllegalArgumentException("the drift cannot start before the first reading: " + after);
            }
        }
    }

    private final RegimeSimulator simulator;
    private final long seed;
    private final Drift drift;
    private final int driftingMachine;
    private final LongSupplier nanoClock;
    private long firstReadingNanos;
    private boolean started;
    private boolean drifting;

    public SimulatedSource(int machines, long seed) {
        this(machines, seed, null, System::nanoTime);
    }

    /**
     * @param drift     null for none
     * @param nanoClock {@link System#nanoTime()} outside tests
     * @throws IllegalArgumentException if the drift names a machine this fleet does not have
     */
    public SimulatedSource(int machines, long seed, Drift drift, LongSupplier nanoClock) {
        this.simulator = RegimeSimulator.builder().machines(machines).seed(seed).build();
        this.seed = seed;
        this.drift = drift;
        this.nanoClock = nanoClock;
        this.driftingMachine = drift == null ? -1 : simulator.machineIndex(drift.machineId());
        if (drift != null && driftingMachine < 0) {
            throw new IllegalArgumentException("the drifting machine " + drift.machineId()
                    + " is not one of the simulated machines " + machineRange());
        }
    }

    @Override
    public Reading next() {
        if (drift != null && !drifting) {
            startDriftWhenDue();
        }
        Reading r = simulator.next().reading();
        return new Reading(r.machineId(), Reading.NO_TIMESTAMP, r.temperature());
    }

    private void startDriftWhenDue() {
        long now = nanoClock.getAsLong();
        if (!started) {
            started = true;
            firstReadingNanos = now;
        }
        if (now - firstReadingNanos >= drift.after().toNanos()) {
            drifting = true;
            simulator.shift(driftingMachine, simulator.outOfRangeShift());
            LOG.info(
                    "{} drifts now: its temperatures are {} °C higher from here on, out of the training range",
                    drift.machineId(),
                    simulator.outOfRangeShift());
        }
    }

    /** Whether the drifting machine has left the training range yet. */
    public boolean drifting() {
        return drifting;
    }

    @Override
    public String describe() {
        int n = simulator.machines();
        String text = "simulation of " + n + " machine" + (n == 1 ? "" : "s") + " (" + machineRange() + ", seed " + seed
                + ")";
        if (drift == null) {
            return text;
        }
        return text
                + String.format(
                        Locale.ROOT,
                        "; %s drifts %+.0f °C after %s",
                        drift.machineId(),
                        simulator.outOfRangeShift(),
                        drift.after().toString().substring(2).toLowerCase(Locale.ROOT));
    }

    private String machineRange() {
        int n = simulator.machines();
        return RegimeSimulator.machineId(0, n) + (n > 1 ? ".." + RegimeSimulator.machineId(n - 1, n) : "");
    }
}
