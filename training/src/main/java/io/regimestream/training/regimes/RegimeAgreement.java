package io.regimestream.training.regimes;

import java.util.List;

/**
 * How well the KMeans regimes agree with the regimes that really produced the readings (known when
 * the regime simulator made them): the contingency table and its adjusted Rand index.
 *
 * <p>The adjusted Rand index compares the two groupings pair by pair, ignoring how either side
 * numbers its groups: 1 = the same grouping, about 0 = no better than chance (it can go below 0).
 *
 * @param contingency     readings per (KMeans regime = row, simulator regime = column)
 * @param simulatorNames  the simulator's regime names, one per column
 */
public record RegimeAgreement(long[][] contingency, List<String> simulatorNames) {

    /** What the index means, in one line, for the report. */
    public static final String MEANING = "the adjusted Rand index compares the two groupings pair by pair, whatever "
            + "the numbering: 1 = identical, about 0 = no better than chance";

    public RegimeAgreement {
        if (contingency.length == 0) {
            throw new IllegalArgumentException("an empty contingency table");
        }
        for (long[] row : contingency) {
            if (row.length != simulatorNames.size()) {
                throw new IllegalArgumentException("each row needs one count per simulator regime ("
                        + simulatorNames.size() + "), got " + row.length);
            }
        }
    }

    public long total() {
        long n = 0;
        for (long[] row : contingency) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    /**
     * Hubert and Arabie's adjusted Rand index: (index - expected) / (max - expected), with index the
     * pairs together in both groupings, expected its value for independent groupings with the same
     * group sizes, and max the mean of the pairs together on either side. 1 when the table has a
     * single non-empty cell in each row and column; 1 too when both sides put everything in one group.
     */
    public double adjustedRandIndex() {
        int columns = simulatorNames.size();
        double index = 0;
        double rowPairs = 0;
        double[] columnSums = new double[columns];
        for (long[] row : contingency) {
            long rowSum = 0;
            for (int j = 0; j < columns; j++) {
                index += pairs(row[j]);
                rowSum += row[j];
                columnSums[j] += row[j];
            }
            rowPairs += pairs(rowSum);
        }
        double columnPairs = 0;
        for (double sum : columnSums) {
            columnPairs += pairs(sum);
        }
        double expected = rowPairs * columnPairs / pairs(total());
        double max = (rowPairs + columnPairs) / 2;
        if (max == expected) {
            return 1.0; // both groupings are trivial (one group each): they agree completely
        }
        return (index - expected) / (max - expected);
    }

    private static double pairs(double n) {
        return n * (n - 1) / 2;
    }
}
