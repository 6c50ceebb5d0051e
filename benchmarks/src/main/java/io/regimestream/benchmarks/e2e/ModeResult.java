package io.regimestream.benchmarks.e2e;

/**
 * One measured mode.
 *
 * @param recordsPerSecond output records per second between the first and the last broker append
 * @param ratioToRawCopy   {@code recordsPerSecond} over raw-copy's
 * @param wallSeconds      the whole run including start-up (consumer assignment, MiniCluster, job deployment)
 */
record ModeResult(
        String mode,
        String description,
        long records,
        double appendSpanSeconds,
        double recordsPerSecond,
        double ratioToRawCopy,
        double wallSeconds) {

    ModeResult withRatioTo(double rawCopyRate) {
        return new ModeResult(
                mode,
                description,
                records,
                appendSpanSeconds,
                recordsPerSecond,
                rawCopyRate > 0 ? recordsPerSecond / rawCopyRate : Double.NaN,
                wallSeconds);
    }
}
