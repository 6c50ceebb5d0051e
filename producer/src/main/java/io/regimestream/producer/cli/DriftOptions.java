package io.regimestream.producer.cli;

import io.regimestream.cli.DurationConverter;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.producer.sources.SimulatedSource;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --drift-after} and {@code --drift-machine}: one simulated machine leaving the training range; the producer's and bin/demo's. */
public final class DriftOptions {

    @Option(
            names = "--drift-after",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "With simulated machines: after this long (e.g. 30s; 0s = from the start) one machine "
                    + "(--drift-machine) reads 51 °C warmer for good: its coolest regime 25 °C above the hottest, out of "
                    + "the model's training range but still plausible. Shows the job's drift monitoring at work.")
    Duration after;

    @Option(
            names = "--drift-machine",
            paramLabel = "ID",
            description = "With --drift-after: the machine that drifts (default: the first, press-01).")
    String machine;

    /** Whether either option was given. */
    public boolean given() {
        return after != null || machine != null;
    }

    /**
     * The drift asked for in a fleet of {@code machines}, or null for none.
     *
     * @throws IllegalArgumentException with a message naming the option to fix
     */
    public SimulatedSource.Drift drift(int machines) {
        if (machine != null && after == null) {
            throw new IllegalArgumentException(
                    "--drift-machine needs --drift-after (when the machine starts to drift)");
        }
        if (after == null) {
            return null;
        }
        if (after.isNegative()) {
            throw new IllegalArgumentException("--drift-after must not be negative");
        }
        return new SimulatedSource.Drift(after, machine != null ? machine : RegimeSimulator.machineId(0, machines));
    }
}
