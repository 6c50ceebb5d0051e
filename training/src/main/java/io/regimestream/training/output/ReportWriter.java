package io.regimestream.training.output;

import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.model.ModelMetadata.ElbowPoint;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import io.regimestream.common.model.ModelMetadata.TrainingDistribution;
import io.regimestream.training.regimes.RegimeAgreement;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** report.md: the run in a page a person reads. */
public final class ReportWriter {

    private ReportWriter() {}

    /**
     * @param agreement the KMeans regimes against the simulator's hidden ones, or null when the data
     *                  did not come from the regime simulator (then the report says they are unknown)
     */
    public static String markdown(ModelMetadata m, String settingsLine, RegimeAgreement agreement) {
        StringBuilder md = new StringBuilder();
        md.append("# Training report: model ").append(m.version()).append("\n\n");
        line(md, "- created: %s", m.createdAt());
        line(md, "- data: %s", m.source());
        line(md, "- rows: %s", rows(m.rows()));
        line(md, "- settings: %s", settingsLine);
        line(md, "- model.pmml sha256: `%s`", m.pmmlSha256());
        line(md, "- libraries: %s", m.libraries());
        md.append('\n');

        md.append("## Choosing k\n\n");
        line(md, "k = **%d**. %s", m.k(), m.kSelection());
        md.append("\n| k | KMeans cost |\n|---:|---:|\n");
        for (ElbowPoint p : m.elbow()) {
            line(md, "| %d%s | %.3f |", p.k(), p.k() == m.k() ? " (chosen)" : "", p.cost());
        }
        md.append("\n![elbow curve](elbow.png)\n\n");

        md.append(
                "## Regimes (0 = coolest)\n\n| regime | centroid °C | spread (std dev) °C | readings |\n|---:|---:|---:|---:|\n");
        for (RegimeSummary r : m.regimes()) {
            line(md, "| %d | %.3f | %.3f | %d |", r.regime(), r.centroid(), r.spread(), r.count());
        }

        agreement(md, agreement, m.source());
        distribution(md, m.trainingDistribution());
        regimeDistributions(md, m.regimeDistributions());

        md.append("\n## Classifier (VectorAssembler -> StandardScaler -> MLP)\n\n");
        line(md, "Test accuracy against the KMeans regimes: **%.4f**", m.accuracy());
        md.append("\nConfusion matrix on the test set (rows = actual regime, columns = predicted):\n\n|   |");
        for (int j = 0; j < m.k(); j++) {
            md.append(' ').append(j).append(" |");
        }
        md.append("\n|---:|");
        md.append("---:|".repeat(m.k()));
        md.append('\n');
        for (int i = 0; i < m.confusionMatrix().length; i++) {
            md.append("| **").append(i).append("** |");
            for (long c : m.confusionMatrix()[i]) {
                md.append(' ').append(c).append(" |");
            }
            md.append('\n');
        }

        md.append("\n## PMML parity (JPMML evaluator vs Spark)\n\n");
        line(
                md,
                "%d test rows compared, %d disagreements on the regime, largest probability difference %.3g.",
                m.parity().rowsCompared(),
                m.parity().disagreements(),
                m.parity().maxProbabilityDifference());
        line(md, "Input fields %s, target field `%s`.", m.inputFields(), m.targetField());
        return md.toString();
    }

    private static void agreement(StringBuilder md, RegimeAgreement agreement, String source) {
        md.append("\n## Agreement with the simulator's hidden regimes\n\n");
        if (agreement == null) {
            line(
                    md,
                    "Unknown: the data did not come from the regime simulator (%s), so nobody knows which regime "
                            + "really produced each reading.",
                    source);
            return;
        }
        line(md, "Adjusted Rand index: **%.4f** (%s).", agreement.adjustedRandIndex(), RegimeAgreement.MEANING);
        md.append(
                "\nReadings per KMeans regime (rows) and the simulator regime that really produced them (columns):\n\n| KMeans |");
        for (int j = 0; j < agreement.simulatorNames().size(); j++) {
            md.append(' ')
                    .append(j)
                    .append(' ')
                    .append(agreement.simulatorNames().get(j))
                    .append(" |");
        }
        md.append("\n|---:|")
                .append("---:|".repeat(agreement.simulatorNames().size()))
                .append('\n');
        for (int i = 0; i < agreement.contingency().length; i++) {
            md.append("| **").append(i).append("** |");
            for (long c : agreement.contingency()[i]) {
                md.append(' ').append(c).append(" |");
            }
            md.append('\n');
        }
    }

    private static void distribution(StringBuilder md, TrainingDistribution d) {
        md.append("\n## Training distribution (what drift is measured against)\n\n");
        if (d == null) {
            md.append("Not recorded in this model.json.\n");
            return;
        }
        line(
                md,
                "%d readings; deciles computed exactly (linear between neighbouring readings), stored in model.json "
                        + "as `trainingDistribution`.",
                d.count());
        md.append("\n| | °C |\n|---|---:|\n");
        line(md, "| min | %.3f |", d.min());
        for (int i = 0; i < d.deciles().length; i++) {
            line(md, "| %d %% | %.3f |", (i + 1) * 10, d.deciles()[i]);
        }
        line(md, "| max | %.3f |", d.max());
    }

    private static void regimeDistributions(StringBuilder md, List<TrainingDistribution> perRegime) {
        md.append("\n### Per regime (the readings the model predicts in it)\n\n");
        if (perRegime == null) {
            md.append("Not recorded in this model.json (a regime had too few readings, or readings too discrete for "
                    + "10 equally likely bins: the training run's output says which): drift compares every reading "
                    + "with the distribution above.\n");
            return;
        }
        md.append("Stored in model.json as `regimeDistributions`; the job bins each reading by the deciles of the "
                + "regime it was predicted in.\n\n| regime | readings | min | 10 % | 50 % | 90 % | max |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int r = 0; r < perRegime.size(); r++) {
            TrainingDistribution d = perRegime.get(r);
            line(
                    md,
                    "| %d | %d | %.3f | %.3f | %.3f | %.3f | %.3f |",
                    r,
                    d.count(),
                    d.min(),
                    d.deciles()[0],
                    d.deciles()[4],
                    d.deciles()[8],
                    d.max());
        }
    }

    private static String rows(Map<String, Long> rows) {
        StringBuilder s = new StringBuilder();
        rows.forEach((name, count) ->
                s.append(s.isEmpty() ? "" : ", ").append(name).append(' ').append(count));
        return s.toString();
    }

    private static void line(StringBuilder md, String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
