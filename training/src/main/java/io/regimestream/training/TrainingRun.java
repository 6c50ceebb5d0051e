package io.regimestream.training;

import io.regimestream.common.io.ReadingFileReader;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.model.ModelMetadata.ElbowPoint;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import io.regimestream.training.data.DistributionSummary;
import io.regimestream.training.data.RegimeDistributions;
import io.regimestream.training.data.TrainingData;
import io.regimestream.training.data.TrainingDataSource;
import io.regimestream.training.elbow.ElbowChart;
import io.regimestream.training.elbow.KneeRule;
import io.regimestream.training.output.ElbowCsv;
import io.regimestream.training.output.ModelVersion;
import io.regimestream.training.output.OutputFolder;
import io.regimestream.training.output.ReportWriter;
import io.regimestream.training.pmml.ParityCheck;
import io.regimestream.training.pmml.ParityCheck.PmmlModel;
import io.regimestream.training.pmml.PmmlExport;
import io.regimestream.training.regimes.RegimeAgreement;
import io.regimestream.training.spark.ClassifierTraining;
import io.regimestream.training.spark.ElbowMethod;
import io.regimestream.training.spark.Frames;
import io.regimestream.training.spark.RegimeClustering;
import io.regimestream.training.spark.SparkSessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jpmml.evaluator.EvaluationException;

/**
 * One training run, start to finish: data -> elbow -> KMeans regimes -> MLP -> PMML -> parity ->
 * files. Input problems are found before Spark starts.
 */
public final class TrainingRun {

    public static final String PMML_FILE = "model.pmml";
    public static final String METADATA_FILE = "model.json";
    public static final String ELBOW_CSV = "elbow.csv";
    public static final String ELBOW_PNG = "elbow.png";
    public static final String REPORT_FILE = "report.md";
    public static final String READINGS_FILE = "readings.jsonl";

    private final TrainingSettings settings;
    private final PrintStream out;

    public TrainingRun(TrainingSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public ModelMetadata run() throws Exception {
        Progress progress = new Progress(out, 7);

        progress.step(
                settings.input() != null
                        ? "reading " + settings.input()
                        : "generating " + settings.generate() + " readings (" + settings.dataset() + ", seed "
                                + settings.seed() + ")");
        Path dir = OutputFolder.prepare(settings.out());
        TrainingData data = load(settings);
        TrainingDataSource.requireEnoughFor(data, settings.k() != null ? settings.k() : settings.kMin());
        int kMax = (int) Math.min(settings.kMax(), data.distinctTemperatures());
        if (settings.k() == null && kMax < settings.kMax()) {
            progress.detail("only %d distinct values: the elbow stops at k = %d", kMax, kMax);
        }
        if (settings.saveData()) {
            ReadingFileReader.writeJsonLines(dir.resolve(READINGS_FILE), data.readings());
        }
        progress.done("%d readings, %d distinct temperatures", data.size(), data.distinctTemperatures());

        progress.step("starting Spark ("
                + (settings.master() != null
                        ? settings.master()
                        : System.getProperty("spark.master", SparkSessions.LOCAL_MASTER))
                + ")");
        SparkSession spark = SparkSessions.create(settings.master());
        try {
            Dataset<Row> frame = Frames.temperatures(spark, data.temperatures());
            progress.done("Spark %s ready", spark.version());
            return train(spark, frame, data, kMax, dir, progress);
        } finally {
            spark.stop();
        }
    }

    private ModelMetadata train(
            SparkSession spark, Dataset<Row> frame, TrainingData data, int kMax, Path dir, Progress progress)
            throws Exception {
        progress.step(String.format(
                Locale.ROOT,
                "elbow method: KMeans for k = %d..%d on a %.0f %% sample",
                settings.kMin(),
                kMax,
                settings.elbowSample() * 100));
        Dataset<Row> sample =
                settings.elbowSample() >= 1 ? frame : frame.sample(false, settings.elbowSample(), settings.seed());
        long sampleRows = sample.count();
        if (sampleRows < kMax) {
            progress.detail("the sample has only %d rows: using all data for the elbow", sampleRows);
            sample = frame;
            sampleRows = data.size();
        }
        List<ElbowPoint> elbow = ElbowMethod.costs(
                sample,
                settings.kMin(),
                kMax,
                settings.seed(),
                p -> progress.detail("k = %2d  cost = %.2f", p.k(), p.cost()));
        int k;
        String kSelection;
        if (settings.k() != null) {
            k = settings.k();
            kSelection = "given with --k " + k + " (the knee rule would pick " + KneeRule.chooseK(elbow)
                    + "; the elbow is shown for reference)";
        } else {
            k = KneeRule.chooseK(elbow);
            kSelection = "chosen automatically by the " + KneeRule.DESCRIPTION + ", over k = " + settings.kMin() + ".."
                    + kMax;
        }
        progress.done("k = %d", k);

        progress.step("KMeans with k = " + k + " on all data; regimes numbered by temperature");
        RegimeClustering.Result clusters = RegimeClustering.cluster(frame, k, settings.seed());
        if (clusters.regimes().size() < k) {
            throw new TrainingException(
                    "KMeans found only " + clusters.regimes().size() + " non-empty clusters for k = " + k
                            + "; the data does not support " + k + " regimes, give a smaller --k");
        }
        for (RegimeSummary r : clusters.regimes()) {
            progress.detail("regime %d: %.2f °C ± %.2f, %d readings", r.regime(), r.centroid(), r.spread(), r.count());
        }
        RegimeAgreement agreement = agreementWithHiddenRegimes(spark, clusters, data);
        if (agreement != null) {
            progress.detail(
                    "agreement with the simulator's hidden regimes: adjusted Rand index %.4f",
                    agreement.adjustedRandIndex());
        }
        progress.done("%d regimes", k);

        int[] layers = settings.layersFor(k);
        progress.step("training VectorAssembler -> StandardScaler -> MLP layers [" + TrainingSettings.layersText(layers)
                + "], max " + settings.maxIter() + " iterations, " + Math.round(settings.testFraction() * 100)
                + " % test");
        ClassifierTraining.Result classifier = ClassifierTraining.train(
                clusters.labelled(), layers, settings.maxIter(), settings.testFraction(), settings.seed());
        progress.done(
                "test accuracy %.4f on %d rows",
                classifier.accuracy(), classifier.testRows().size());

        progress.step("exporting PMML and checking JPMML against Spark on every test row");
        byte[] pmml = PmmlExport.toPmml(spark, classifier.model(), classifier.testRows());
        Path pmmlFile = dir.resolve(PMML_FILE);
        Files.write(pmmlFile, pmml);
        PmmlModel reloaded;
        try {
            reloaded = PmmlModel.load(pmmlFile);
        } catch (EvaluationException e) {
            throw new TrainingException("the PMML does not reproduce Spark's results on its own verification records ("
                    + e.getMessage() + "); " + pmmlFile + " must not be used");
        }
        ParityCheck.Outcome parity = ParityCheck.compare(reloaded, classifier.testRows());
        progress.done(
                "%d rows compared, %d disagreements, max probability difference %.3g",
                parity.parity().rowsCompared(),
                parity.parity().disagreements(),
                parity.parity().maxProbabilityDifference());

        progress.step("writing " + dir);
        RegimeDistributions perRegime = RegimeDistributions.of(data.temperatures(), reloaded::regime, k);
        reportRegimeDistributions(perRegime, progress);
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("total", (long) data.size());
        rows.put("train", classifier.trainRows());
        rows.put("test", (long) classifier.testRows().size());
        rows.put("elbowSample", sampleRows);
        ModelMetadata metadata = new ModelMetadata(
                        ModelVersion.of(k, data.fingerprint(), settings.classifierSettings()),
                        ModelVersion.sha256(pmml),
                        k,
                        clusters.regimes(),
                        List.of(reloaded.inputField()),
                        reloaded.targetField(),
                        classifier.accuracy(),
                        classifier.confusion(),
                        elbow,
                        kSelection,
                        rows,
                        parity.parity(),
                        settings.seed(),
                        data.source(),
                        libraries(spark),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .withDistributions(DistributionSummary.of(data.temperatures()), perRegime.distributions());
        metadata.write(dir.resolve(METADATA_FILE));
        Files.writeString(dir.resolve(ELBOW_CSV), ElbowCsv.of(elbow, k), StandardCharsets.UTF_8);
        ElbowChart.write(dir.resolve(ELBOW_PNG), elbow, k, data.source());
        Files.writeString(
                dir.resolve(REPORT_FILE),
                ReportWriter.markdown(metadata, settings.describe(k), agreement),
                StandardCharsets.UTF_8);
        progress.done(
                "model %s: %s, %s, %s, %s, %s%s",
                metadata.version(),
                PMML_FILE,
                METADATA_FILE,
                ELBOW_CSV,
                ELBOW_PNG,
                REPORT_FILE,
                settings.saveData() ? ", " + READINGS_FILE : "");

        if (parity.parity().disagreements() > 0) {
            throw new TrainingException(
                    "the PMML disagrees with Spark on " + parity.parity().disagreements() + " of "
                            + parity.parity().rowsCompared() + " test rows, e.g. " + parity.disagreementExamples()
                            + "; the files in " + dir + " are kept for inspection but must not be used");
        }
        out.printf(
                Locale.ROOT,
                "done in %.0f s: k = %d, accuracy %.4f, parity %d/%d rows agree, model %s%n",
                progress.totalSeconds(),
                k,
                metadata.accuracy(),
                parity.parity().rowsCompared() - parity.parity().disagreements(),
                parity.parity().rowsCompared(),
                dir.resolve(PMML_FILE));
        return metadata;
    }

    /** One line saying whether model.json has each regime's distribution, and if not why. */
    static void reportRegimeDistributions(RegimeDistributions perRegime, Progress progress) {
        if (perRegime.distributions() != null) {
            progress.detail("per regime, the deciles of the training readings the model predicts in it (for drift)");
        } else {
            progress.detail(
                    "no per-regime deciles: %s; drift compares with all training readings instead",
                    perRegime.leftOutBecause());
        }
    }

    /** The readings the settings name: the --input file, or generated ones. */
    static TrainingData load(TrainingSettings settings) throws TrainingException {
        return settings.input() != null
                ? TrainingDataSource.fromFile(settings.input())
                : TrainingDataSource.generate(
                        settings.dataset(), settings.generate(), settings.seed(), settings.machines());
    }

    /** The KMeans regimes against the regimes that really produced the readings; null when nobody knows those. */
    static RegimeAgreement agreementWithHiddenRegimes(
            SparkSession spark, RegimeClustering.Result clusters, TrainingData data) {
        TrainingData.HiddenRegimes hidden = data.hidden();
        if (hidden == null) {
            return null;
        }
        Dataset<Row> truth = Frames.temperaturesWithTruth(spark, data.temperatures(), hidden.regimeOfReading());
        return new RegimeAgreement(clusters.contingency(truth, hidden.names().size()), hidden.names());
    }

    private static Map<String, String> libraries(SparkSession spark) throws IOException {
        Properties versions = new Properties();
        try (InputStream in = TrainingRun.class.getResourceAsStream("/training-versions.properties")) {
            if (in != null) {
                versions.load(in);
            }
        }
        Map<String, String> libraries = new LinkedHashMap<>();
        versions.stringPropertyNames().stream()
                .sorted()
                .forEach(name -> libraries.put(name, versions.getProperty(name)));
        libraries.put("spark", spark.version()); // the one that really ran (a cluster's may differ from ours)
        libraries.put("java", System.getProperty("java.version"));
        return libraries;
    }
}
