package io.regimestream.training.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.model.ModelMetadata.ElbowPoint;
import io.regimestream.common.model.ModelMetadata.Parity;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import io.regimestream.common.model.ModelMetadata.TrainingDistribution;
import io.regimestream.training.regimes.RegimeAgreement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

    private static ModelMetadata metadata(String source, TrainingDistribution distribution) {
        return metadata(source, distribution, null);
    }

    private static ModelMetadata metadata(
            String source, TrainingDistribution distribution, List<TrainingDistribution> perRegime) {
        return new ModelMetadata(
                        "k2-abc",
                        "00",
                        2,
                        List.of(new RegimeSummary(0, 40, 1, 60), new RegimeSummary(1, 60, 1, 40)),
                        List.of("temperature"),
                        "label",
                        1.0,
                        new long[][] {{30, 0}, {0, 20}},
                        List.of(new ElbowPoint(2, 10.0)),
                        "given",
                        Map.of("total", 100L),
                        new Parity(50, 0, 0),
                        7,
                        source,
                        Map.of("spark", "4.0.1"),
                        "2026-12-01T00:00:00Z")
                .withDistributions(distribution, perRegime);
    }

    private static final TrainingDistribution DISTRIBUTION =
            new TrainingDistribution(100, 38.5, 63.25, new double[] {39, 39.5, 40, 40.5, 41, 42, 59, 60, 61});

    @Test
    void showsTheTrainingDistributionAsATable() {
        String md = ReportWriter.markdown(metadata("generated", DISTRIBUTION), "k 2", null);
        assertThat(md)
                .contains(
                        "## Training distribution",
                        "100 readings",
                        "| min | 38.500 |",
                        "| 10 % | 39.000 |",
                        "| 50 % | 41.000 |",
                        "| 90 % | 61.000 |",
                        "| max | 63.250 |");
    }

    @Test
    void showsEachRegimesDistributionOrSaysWhyThereIsNone() {
        TrainingDistribution cool = new TrainingDistribution(
                60, 38.5, 41.5, new double[] {39, 39.25, 39.5, 39.75, 40, 40.25, 40.5, 40.75, 41});
        TrainingDistribution hot =
                new TrainingDistribution(40, 58, 63.25, new double[] {59, 59.5, 60, 60.5, 61, 61.5, 62, 62.5, 63});
        assertThat(ReportWriter.markdown(metadata("generated", DISTRIBUTION, List.of(cool, hot)), "k 2", null))
                .contains(
                        "### Per regime",
                        "| 0 | 60 | 38.500 | 39.000 | 40.000 | 41.000 | 41.500 |",
                        "| 1 | 40 | 58.000 | 59.000 | 61.000 | 63.000 | 63.250 |");
        assertThat(ReportWriter.markdown(metadata("generated", DISTRIBUTION), "k 2", null))
                .contains("Not recorded in this model.json (a regime had too few readings");
    }

    @Test
    void showsTheContingencyTableAndTheAdjustedRandIndexForSimulatedData() {
        RegimeAgreement agreement = new RegimeAgreement(new long[][] {{59, 1}, {0, 40}}, List.of("idle", "heavy"));
        String md = ReportWriter.markdown(metadata("generated: simulator", DISTRIBUTION), "k 2", agreement);
        assertThat(md)
                .contains(
                        "## Agreement with the simulator's hidden regimes",
                        String.format(
                                java.util.Locale.ROOT, "Adjusted Rand index: **%.4f**", agreement.adjustedRandIndex()),
                        "1 = identical",
                        "| KMeans | 0 idle | 1 heavy |",
                        "| **0** | 59 | 1 |",
                        "| **1** | 0 | 40 |");
    }

    @Test
    void saysTheHiddenRegimesAreUnknownForDataFromAFile() {
        String md = ReportWriter.markdown(metadata("file readings.csv", DISTRIBUTION), "k 2", null);
        assertThat(md)
                .contains("Unknown: the data did not come from the regime simulator (file readings.csv)")
                .doesNotContain("Adjusted Rand index");
    }

    @Test
    void anOlderModelWithoutDistributionSaysSo() {
        assertThat(ReportWriter.markdown(metadata("x", null), "k 2", null))
                .contains("Not recorded in this model.json.");
    }
}
