package io.regimestream.benchmarks.jmh;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.model.RegimeModel;
import io.regimestream.model.RegimeScore;
import io.regimestream.model.ScoringEngine;
import java.nio.file.Files;
import java.nio.file.Path;

/** Inputs for the micro-benchmarks: simulated readings like the producer sends, and the committed model. */
final class BenchData {

    /** A power of two, so the benchmarks can cycle with a mask. */
    static final int SIZE = 4096;

    private BenchData() {}

    static Reading[] readings() {
        RegimeSimulator simulator =
                RegimeSimulator.builder().seed(42).machines(8).build();
        Reading[] readings = new Reading[SIZE];
        for (int i = 0; i < SIZE; i++) {
            readings[i] = simulator.next().reading();
        }
        return readings;
    }

    /** The readings scored by the committed model (fast path), as the job's predictions of them. */
    static Prediction[] predictions() {
        RegimeModel model = RegimeModel.load(model().toString(), ScoringEngine.AUTO);
        Reading[] readings = readings();
        Prediction[] predictions = new Prediction[SIZE];
        for (int i = 0; i < SIZE; i++) {
            Reading r = readings[i];
            RegimeScore score = model.score(r.temperature());
            predictions[i] = new Prediction(
                    r.machineId(),
                    r.timestamp(),
                    r.temperature(),
                    score.regime(),
                    score.confidence(),
                    score.probabilities(),
                    model.version(),
                    r.timestamp() + 3,
                    score.confidence() < 0.6);
        }
        return predictions;
    }

    static double[] temperatures() {
        Reading[] readings = readings();
        double[] temperatures = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            temperatures[i] = readings[i].temperature();
        }
        return temperatures;
    }

    static byte[][] readingMessages() {
        Reading[] readings = readings();
        byte[][] messages = new byte[SIZE][];
        for (int i = 0; i < SIZE; i++) {
            messages[i] = ReadingCodec.toJson(readings[i]);
        }
        return messages;
    }

    /** {@code model-artifacts/model.pmml}, or the file named by -Dbench.model=. */
    static Path model() {
        Path model = Path.of(System.getProperty("bench.model", "model-artifacts/model.pmml"))
                .toAbsolutePath();
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException(
                    "no model at " + model + ": run from the repository root or pass -Dbench.model=PATH");
        }
        return model;
    }
}
