package io.regimestream.job.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.regimestream.common.records.ShadowReport;
import io.regimestream.model.RegimeModel;
import io.regimestream.model.RegimeScore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A shadow comparison worked out directly: both models score the same temperatures with
 * {@link RegimeModel#score}, counted here (not with the job's comparison code), and the sum of the
 * job's reports to compare it with.
 *
 * @param readings   temperatures both scored
 * @param agreements same regime
 * @param sumAbsProbabilityDifference sum over readings of the mean over regimes of |active - shadow|
 * @param confusion  [active regime][shadow regime] counts
 */
public record ExpectedShadowFigures(
        long readings, long agreements, double sumAbsProbabilityDifference, long[][] confusion) {

    /** What comparing {@code shadow} with {@code active} on {@code temperatures} must give. */
    public static ExpectedShadowFigures direct(Path active, Path shadow, List<Double> temperatures) {
        RegimeModel a = RegimeModel.load(active.toString());
        RegimeModel s = RegimeModel.load(shadow.toString());
        long[][] confusion = new long[a.regimeCount()][s.regimeCount()];
        long agreements = 0;
        double sum = 0;
        for (double t : temperatures) {
            RegimeScore x = a.score(t);
            RegimeScore y = s.score(t);
            confusion[x.regime()][y.regime()]++;
            agreements += x.regime() == y.regime() ? 1 : 0;
            int regimes = Math.max(x.probabilities().length, y.probabilities().length);
            double diff = 0;
            for (int i = 0; i < regimes; i++) {
                diff += Math.abs(at(x.probabilities(), i) - at(y.probabilities(), i));
            }
            sum += diff / regimes;
        }
        return new ExpectedShadowFigures(temperatures.size(), agreements, sum, confusion);
    }

    /** The job's reports (of one pair of models, from any tasks and intervals) added up. */
    public static ExpectedShadowFigures sum(List<ShadowReport> reports) {
        long readings = 0;
        long agreements = 0;
        double sum = 0;
        long[][] confusion = null;
        for (ShadowReport r : reports) {
            readings += r.readings();
            agreements += r.agreements();
            sum += r.meanAbsProbabilityDifference() * r.readings();
            if (confusion == null) {
                confusion = new long[r.confusion().length][r.confusion()[0].length];
            }
            for (int i = 0; i < confusion.length; i++) {
                for (int j = 0; j < confusion[i].length; j++) {
                    confusion[i][j] += r.confusion()[i][j];
                }
            }
        }
        return new ExpectedShadowFigures(readings, agreements, sum, confusion == null ? new long[0][0] : confusion);
    }

    /** Counts exactly equal; the probability difference equal up to rounding (sums in another order). */
    public void assertMatches(ExpectedShadowFigures actual) {
        assertThat(actual.readings).as("readings").isEqualTo(readings);
        assertThat(actual.agreements).as("agreements").isEqualTo(agreements);
        assertThat(actual.confusion).as("confusion").isDeepEqualTo(confusion);
        assertThat(actual.sumAbsProbabilityDifference)
                .as("sum of |probability difference|")
                .isCloseTo(sumAbsProbabilityDifference, within(1e-9 * Math.max(1, readings)));
    }

    public double agreementRate() {
        return (double) agreements / readings;
    }

    private static double at(double[] p, int i) {
        return i < p.length ? p[i] : 0.0;
    }

    @Override
    public String toString() {
        return "readings " + readings + ", agreements " + agreements + ", sum |diff| " + sumAbsProbabilityDifference
                + ", confusion " + Arrays.deepToString(confusion);
    }
}
