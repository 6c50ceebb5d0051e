package io.regimestream.training.output;

import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.model.ModelMetadata.ElbowPoint;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;

import java.util.Locale;
import java.util.Map;

/** report.md: the run in a page a person reads. */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static String markdown(ModelMetadata m, String settingsLine) {
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

        md.append("## Regimes (0 = coolest)\n\n| regime | centroid °C | spread (std dev) °C | readings |\n|---:|---:|---:|---:|\n");
        for (RegimeSummary r : m.regimes()) {
            line(md, "| %d | %.3f | %.3f | %d |", r.regime(), r.centroid(), r.spread(), r.count());
        }

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
        line(md, "%d test rows compared, %d disagreements on the regime, largest probability difference %.3g.",
                m.parity().rowsCompared(), m.parity().disagreements(), m.parity().maxProbabilityDifference());
        line(md, "Input fields %s, target field `%s`.", m.inputFields(), m.targetField());
        return md.toString();
    }

    private static String rows(Map<String, Long> rows) {
        StringBuilder s = new StringBuilder();
        rows.forEach((name, count) -> s.append(s.isEmpty() ? "" : ", ").append(name).append(' ').append(count));
        return s.toString();
    }

    private static void line(StringBuilder md, String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
