package io.regimestream.training.data;

import io.regimestream.common.io.ReadingFileException;
import io.regimestream.common.io.ReadingFileReader;
import io.regimestream.common.records.Reading;
import io.regimestream.common.simulation.Regime;
import io.regimestream.common.simulation.RegimeSimulator;
import io.regimestream.common.simulation.SimulatedReading;
import io.regimestream.training.TrainingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Where training data comes from: a file of readings, or one of the generators. */
public final class TrainingDataSource {

    /** The {@code randint(40, 70)} of <a href="https://datasciencechalktalk.com/2019/07/17/streaming-analysis-with-kafka-influxdb-and-grafana/">the article</a> (V. Alto): 40 inclusive to 70 exclusive. */
    static final int UNIFORM_LOW = 40;

    static final int UNIFORM_HIGH_EXCLUSIVE = 70;

    private TrainingDataSource() {}

    /** Reads a CSV-with-header or JSON-lines file; the first bad line stops it, naming file:line. */
    public static TrainingData fromFile(Path file) throws TrainingException {
        List<Reading> readings;
        try {
            readings = ReadingFileReader.readAll(file);
        } catch (ReadingFileException e) {
            throw new TrainingException(e.getMessage(), e);
        }
        if (readings.isEmpty()) {
            throw new TrainingException(file + ": no readings in the file (only a header or blank lines)");
        }
        return new TrainingData(readings, "file " + file);
    }

    /** Generates {@code count} readings, deterministic for the seed. */
    public static TrainingData generate(Dataset dataset, int count, long seed, int machines) {
        List<Reading> readings = new ArrayList<>(count);
        switch (dataset) {
            case regimes -> {
                RegimeSimulator simulator =
                        RegimeSimulator.builder().seed(seed).machines(machines).build();
                int[] trueRegimes = new int[count];
                for (int i = 0; i < count; i++) {
                    SimulatedReading simulated = simulator.next();
                    readings.add(simulated.reading());
                    trueRegimes[i] = simulated.trueRegime();
                }
                return new TrainingData(
                        readings,
                        "generated: " + count + " readings of the regime simulator ("
                                + simulator.regimes().size() + " default regimes, " + machines + " machines, seed "
                                + seed + ")",
                        new TrainingData.HiddenRegimes(
                                trueRegimes,
                                simulator.regimes().stream().map(Regime::name).toList()));
            }
            case uniform -> {
                SplittableRandom random = new SplittableRandom(seed);
                for (int i = 0; i < count; i++) {
                    readings.add(new Reading(
                            Reading.DEFAULT_MACHINE_ID,
                            Reading.NO_TIMESTAMP,
                            random.nextInt(UNIFORM_LOW, UNIFORM_HIGH_EXCLUSIVE)));
                }
                return new TrainingData(
                        readings,
                        "generated: " + count + " uniform integers in [" + UNIFORM_LOW + ", " + UNIFORM_HIGH_EXCLUSIVE
                                + ") like the article's randint(40, 70), seed " + seed);
            }
            default -> throw new IllegalArgumentException("unknown dataset " + dataset);
        }
    }

    /** Below this a 60/40 split leaves too little to train on and to test with. */
    public static final int MIN_READINGS = 100;

    /** Fails when the data cannot give {@code k} clusters: too few rows or too few distinct values. */
    public static void requireEnoughFor(TrainingData data, int k) throws TrainingException {
        if (data.size() == 0) {
            throw new TrainingException("no readings to train on (" + data.source() + ")");
        }
        if (data.size() < MIN_READINGS) {
            throw new TrainingException("only " + data.size() + " readings (" + data.source() + "): at least "
                    + MIN_READINGS + " are needed to train and test a model");
        }
        long distinct = data.distinctTemperatures();
        if (distinct < k) {
            throw new TrainingException("the data has only " + distinct + " distinct temperature value"
                    + (distinct == 1 ? "" : "s") + " but " + k + " regimes were asked for (" + data.source()
                    + "); give more varied data or a smaller --k / --k-max");
        }
    }
}
