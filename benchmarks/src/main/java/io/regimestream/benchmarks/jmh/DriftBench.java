package io.regimestream.benchmarks.jmh;

import io.regimestream.common.codec.RecordCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.functions.ReadingScorer;
import io.regimestream.job.health.DriftMonitor;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.model.RegimeModel;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the drift benchmarks share: Kafka messages of a large fleet (the e2e benchmark's 100,000
 * machines), and a {@link ReadingScorer} as the job's operator builds it, with drift monitoring
 * on or off. The model must carry a training distribution so that the PSI path runs: when the
 * committed model.json has none (before training wrote one), a copy with the bench data's is used.
 */
final class DriftBench {

    static final int MACHINES = 100_000;
    /** A power of two above the fleet, so every machine has a window under way. */
    static final int MESSAGES = 1 << 18;

    private DriftBench() {
    }

    static byte[][] fleetMessages() {
        RegimeSimulator simulator = RegimeSimulator.builder().seed(42).machines(MACHINES).startMillis(System.currentTimeMillis())
                .intervalMillis(1).build();
        byte[][] messages = new byte[MESSAGES][];
        for (int i = 0; i < MESSAGES; i++) {
            Reading r = simulator.next().reading();
            messages[i] = RecordCodec.toJson(new Reading(r.machineId(), System.currentTimeMillis(), r.temperature()));
        }
        return messages;
    }

    static ReadingScorer scorer(boolean drift) {
        RegimeModel model = RegimeModel.load(modelWithDistribution().toString());
        ReadingScorer scorer = new ReadingScorer(ValidationRules.defaults(), 0.6, 3, model, new UnregisteredMetricsGroup());
        if (drift) {
            scorer.monitorDrift(new DriftMonitor(DriftSettings.DEFAULTS, "1/1", new UnregisteredMetricsGroup()));
        }
        return scorer;
    }

    private static Path modelWithDistribution() {
        Path pmml = BenchData.model();
        try {
            ModelMetadata m = ModelMetadata.read(pmml.resolveSibling(PipelineDefaults.METADATA_FILE));
            if (m.trainingDistribution() != null) {
                return pmml;
            }
            double[] t = BenchData.temperatures();
            Arrays.sort(t);
            double[] deciles = new double[DriftBaseline.DECILES];
            for (int k = 1; k <= deciles.length; k++) {
                deciles[k - 1] = t[(int) Math.ceil(k * t.length / 10.0) - 1];
            }
            Path dir = Files.createTempDirectory("drift-bench");
            Path copy = Files.copy(pmml, dir.resolve(PipelineDefaults.MODEL_FILE));
            new ModelMetadata(m.version(), m.pmmlSha256(), m.k(), m.regimes(), m.inputFields(), m.targetField(), m.accuracy(),
                    m.confusionMatrix(), m.elbow(), m.kSelection(), m.rows(), m.parity(), m.seed(), m.source(), m.libraries(),
                    m.createdAt(), new ModelMetadata.TrainingDistribution(t.length, t[0], t[t.length - 1], deciles))
                    .write(dir.resolve(PipelineDefaults.METADATA_FILE));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
