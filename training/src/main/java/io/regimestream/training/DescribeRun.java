package io.regimestream.training;

import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import io.regimestream.common.model.ModelMetadata.TrainingDistribution;
import io.regimestream.training.data.DistributionSummary;
import io.regimestream.training.data.RegimeDistributions;
import io.regimestream.training.data.TrainingData;
import io.regimestream.training.output.ModelVersion;
import io.regimestream.training.output.ReportWriter;
import io.regimestream.training.pmml.ParityCheck.PmmlModel;
import io.regimestream.training.regimes.RegimeAgreement;
import io.regimestream.training.spark.Frames;
import io.regimestream.training.spark.RegimeClustering;
import io.regimestream.training.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleToIntFunction;
import org.apache.spark.sql.SparkSession;

/**
 * {@code --describe-only}: gives a model trained before model.json had its training distributions
 * (of all readings, and per regime: of the readings the model predicts in it) those, without
 * training again (a new PMML would carry a new timestamp, hence a new sha256). The
 * data is made or read again from the same options and must give the model's version, which
 * hashes every temperature and the settings: so the distribution is of exactly the readings the
 * model was trained on. Only model.json (plus {@code trainingDistribution} and {@code regimeDistributions}) and report.md
 * change.
 * For simulated data, KMeans is run again (same k and seed) for the report's agreement table and
 * must reproduce the model's regimes.
 */
public final class DescribeRun {

    private final TrainingSettings settings;
    private final PrintStream out;

    public DescribeRun(TrainingSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public ModelMetadata run() throws TrainingException, IOException {
        Path dir = settings.out();
        Path metadataFile = dir.resolve(TrainingRun.METADATA_FILE);
        if (!Files.isRegularFile(metadataFile)) {
            throw new TrainingException(
                    metadataFile + ": no such file; --describe-only describes a model already in --out");
        }
        ModelMetadata model = ModelMetadata.read(metadataFile);
        TrainingData data = TrainingRun.load(settings);
        String version = ModelVersion.of(model.k(), data.fingerprint(), settings.classifierSettings());
        if (!version.equals(model.version())) {
            throw new TrainingException("these readings and settings make model version " + version + ", not "
                    + model.version()
                    + " of " + metadataFile + ": give the options it was trained with (its data: " + model.source()
                    + "; seed " + model.seed() + ")");
        }
        TrainingDistribution distribution = DistributionSummary.of(data.temperatures());
        out.printf(
                Locale.ROOT,
                "model %s: %d readings reproduced, min %.3f, median %.3f, max %.3f%n",
                version,
                distribution.count(),
                distribution.min(),
                distribution.deciles()[4],
                distribution.max());

        RegimeDistributions perRegime = RegimeDistributions.of(data.temperatures(), regimeOf(dir), model.k());
        out.println(
                perRegime.distributions() != null
                        ? "per regime: the deciles of the training readings the model predicts in it"
                        : "no per-regime deciles: " + perRegime.leftOutBecause());

        RegimeAgreement agreement = data.hidden() == null ? null : agreement(data, model);
        ModelMetadata described = model.withDistributions(distribution, perRegime.distributions());
        described.write(metadataFile);
        Files.writeString(
                dir.resolve(TrainingRun.REPORT_FILE),
                ReportWriter.markdown(described, settings.describe(model.k()), agreement),
                StandardCharsets.UTF_8);
        out.printf(
                "wrote the training distributions into %s and %s; %s untouched (sha256 %s)%n",
                metadataFile,
                dir.resolve(TrainingRun.REPORT_FILE),
                dir.resolve(TrainingRun.PMML_FILE),
                model.pmmlSha256());
        return described;
    }

    /** The model's own predicted regime of a temperature: the PMML next to model.json, loaded and verified. */
    private static DoubleToIntFunction regimeOf(Path dir) throws TrainingException {
        Path pmml = dir.resolve(TrainingRun.PMML_FILE);
        try {
            return PmmlModel.load(pmml)::regime;
        } catch (Exception e) {
            throw new TrainingException(pmml + " cannot be loaded to tell each reading's regime: " + e.getMessage(), e);
        }
    }

    private RegimeAgreement agreement(TrainingData data, ModelMetadata model) throws TrainingException {
        SparkSession spark = SparkSessions.create(settings.master());
        try {
            RegimeClustering.Result clusters = RegimeClustering.cluster(
                    Frames.temperatures(spark, data.temperatures()), model.k(), settings.seed());
            requireSameRegimes(clusters.regimes(), model.regimes());
            RegimeAgreement agreement = TrainingRun.agreementWithHiddenRegimes(spark, clusters, data);
            out.printf(
                    Locale.ROOT,
                    "KMeans reproduced the model's %d regimes; adjusted Rand index against the simulator's "
                            + "hidden regimes %.4f%n",
                    model.k(),
                    agreement.adjustedRandIndex());
            return agreement;
        } finally {
            spark.stop();
        }
    }

    /** The same readings in each regime: the agreement table is then the one of the model's own KMeans. */
    private static void requireSameRegimes(List<RegimeSummary> again, List<RegimeSummary> model)
            throws TrainingException {
        boolean same = again.size() == model.size();
        for (int i = 0; same && i < again.size(); i++) {
            same = again.get(i).count() == model.get(i).count()
                    && Math.abs(again.get(i).centroid() - model.get(i).centroid()) < 1e-6;
        }
        if (!same) {
            throw new TrainingException("KMeans on the same readings gave other regimes than the model's (" + again
                    + " vs " + model + "); the model.json was not changed");
        }
    }
}
