package io.regimestream.benchmarks.jmh;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.functions.ReadingScorer;
import io.regimestream.job.health.DriftMonitor;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.model.RegimeModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * What the drift benchmarks share: Kafka messages of a large fleet (the e2e benchmark's 100,000
 * machines), and a {@link ReadingScorer} as the job's operator builds it, with drift monitoring
 * on or off. The model must carry a training distribution so that the PSI path runs.
 */
final class DriftBench {

    /** The e2e benchmark's fleet; {@code -Dbench.machines=N} for another (e.g. one that fits in the caches). */
    static final int MACHINES = Integer.getInteger("bench.machines", 100_000);
    /** A power of two above the fleet, so every machine has a window under way. */
    static final int MESSAGES = 1 << 18;

    private DriftBench() {}

    static byte[][] fleetMessages() {
        RegimeSimulator simulator = RegimeSimulator.builder()
                .seed(42)
                .machines(MACHINES)
                .startMillis(System.currentTimeMillis())
                .intervalMillis(1)
                .build();
        byte[][] messages = new byte[MESSAGES][];
        for (int i = 0; i < MESSAGES; i++) {
            Reading r = simulator.next().reading();
            messages[i] = ReadingCodec.toJson(new Reading(r.machineId(), System.currentTimeMillis(), r.temperature()));
        }
        return messages;
    }

    static ReadingScorer scorer(boolean drift) {
        RegimeModel model = RegimeModel.load(modelWithDistribution().toString());
        ReadingScorer scorer = new ReadingScorer(
                ValidationRules.defaults(), JobConfig.defaults().scoring(), model, new UnregisteredMetricsGroup());
        if (drift) {
            scorer.monitorDrift(
                    new DriftMonitor(DriftSettings.DEFAULTS, "1/1", new UnregisteredMetricsGroup(), scorer.machines()));
        }
        return scorer;
    }

    private static Path modelWithDistribution() {
        Path pmml = BenchData.model();
        try {
            if (ModelMetadata.read(pmml.resolveSibling(PipelineDefaults.METADATA_FILE))
                            .trainingDistribution()
                    == null) {
                throw new IllegalStateException(
                        pmml + "'s model.json has no trainingDistribution: drift would skip PSI "
                                + "(add one with training.jar --describe-only)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pmml;
    }
}
