package io.regimestream.job.testing;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.functions.ReadingScorer;
import io.regimestream.job.health.DriftMonitor;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.ModelHealth;
import io.regimestream.model.RegimeModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * The regime simulator's machines (each switching regimes every 20 to 200 readings) scored as one
 * of the job's tasks scores them ({@link ReadingScorer#process} for every reading, drift on), on a
 * simulated processing-time clock: each reading is scored at its own timestamp, so hours of a
 * fleet take seconds. Collects every machine's drift window figures and the drift events.
 */
public final class SimulatedFleet {

    /** On a half-window boundary of every window length in whole seconds: the first window is a whole one. */
    public static final long START = 1_764_000_000_000L;

    private SimulatedFleet() {}

    /** Machine {@code index} reads {@code celsius} warmer from {@code after} on, as the producer's --drift-after does. */
    public record Drift(int index, int machines, double celsius, Duration after) {
        public String machineId() {
            return RegimeSimulator.machineId(index, machines);
        }

        public long startMillis() {
            return START + after.toMillis();
        }
    }

    /** Every machine's windows with figures (not the overall series) and the drift events. */
    public record Run(List<ModelHealth> windows, List<ModelDrift> events, DriftSettings settings) {

        /** The share of windows over the PSI or the out-of-range threshold. */
        public double crossedShare() {
            long crossed = windows.stream()
                    .filter(w ->
                            w.psi() > settings.psiThreshold() || w.outOfRangeShare() > settings.outOfRangeThreshold())
                    .count();
            return (double) crossed / windows.size();
        }

        public ModelDrift firstEventOf(String machineId) {
            return events.stream()
                    .filter(e -> machineId.equals(e.machineId()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no drift event of " + machineId + " in " + events));
        }
    }

    /**
     * @param intervalMillis each machine's readings are this far apart
     * @param drift          null for none
     */
    public static Run score(
            RegimeModel model,
            DriftSettings settings,
            int machines,
            long intervalMillis,
            Duration length,
            Drift drift) {
        RegimeSimulator simulator = RegimeSimulator.builder()
                .machines(machines)
                .seed(11)
                .startMillis(START)
                .intervalMillis(intervalMillis)
                .build();
        JobConfig defaults = JobConfig.defaults();
        ReadingScorer scorer =
                new ReadingScorer(defaults.validation(), defaults.scoring(), model, new UnregisteredMetricsGroup());
        long[] now = {START};
        scorer.useClock(() -> now[0]);
        scorer.monitorDrift(new DriftMonitor(settings, "1/1", new UnregisteredMetricsGroup(), scorer.machines()));
        List<ModelHealth> windows = new ArrayList<>();
        List<ModelDrift> events = new ArrayList<>();
        Consumer<JobOutput> out = o -> {
            if (o.kind() == JobOutput.Kind.MODEL_HEALTH && !o.modelHealth().overall()) {
                windows.add(o.modelHealth());
            } else if (o.kind() == JobOutput.Kind.MODEL_DRIFT) {
                events.add(o.modelDrift());
            }
        };
        long end = START + length.toMillis();
        boolean shifted = false;
        for (long offset = 0; now[0] < end; offset++) {
            Reading r = simulator.next().reading();
            now[0] = r.timestamp();
            if (drift != null && !shifted && now[0] >= drift.startMillis()) {
                simulator.shift(drift.index(), drift.celsius());
                shifted = true;
            }
            scorer.process(ReadingCodec.toJson(r), "machine-temperature", 0, offset, r.timestamp(), out);
        }
        scorer.housekeeping(end, out);
        return new Run(windows, events, settings);
    }
}
