package io.regimestream.producer.sources;

import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;

/**
 * Live machines from the shared {@link RegimeSimulator}: each machine follows its own regime
 * sequence, machines take turns. The simulator's synthetic clock is dropped: live readings are
 * stamped with their send time.
 */
public final class SimulatedSource implements ReadingSource {

    private final RegimeSimulator simulator;
    private final long seed;

    public SimulatedSource(int machines, long seed) {
        this.simulator = RegimeSimulator.builder().machines(machines).seed(seed).build();
        this.seed = seed;
    }

    @Override
    public Reading next() {
        Reading r = simulator.next().reading();
        return new Reading(r.machineId(), Reading.NO_TIMESTAMP, r.temperature());
    }

    @Override
    public String describe() {
        int n = simulator.machines();
        return "simulation of " + n + " machine" + (n == 1 ? "" : "s") + " ("
                + RegimeSimulator.machineId(0, n) + (n > 1 ? ".." + RegimeSimulator.machineId(n - 1, n) : "")
                + ", seed " + seed + ")";
    }
}
