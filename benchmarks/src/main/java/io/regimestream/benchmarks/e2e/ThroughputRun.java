package io.regimestream.benchmarks.e2e;

/**
 * One measured run of one configuration.
 *
 * @param round                        the rotation round (0-based)
 * @param records                      predictions in the output topic
 * @param recordsPerSecond             predictions per second between the first and last broker append
 * @param wallSeconds                  the whole run including start-up (consumers, MiniCluster, job deployment)
 * @param harnessCpuSecondsPerMillion  CPU time of the harness JVM (all threads) between first and last append, per million predictions
 * @param brokerCpuSecondsPerMillion   the broker JVM's CPU time over the same window, per million predictions
 * @param outputBytesPerRecord         key + value bytes per prediction
 * @param loadBefore                   1-minute load average just before the run
 * @param loadAfter                    1-minute load average just after it
 */
record ThroughputRun(
        String mode,
        int parallelism,
        int machines,
        int round,
        long records,
        double appendSpanSeconds,
        double recordsPerSecond,
        double wallSeconds,
        double harnessCpuSecondsPerMillion,
        double brokerCpuSecondsPerMillion,
        double outputBytesPerRecord,
        double loadBefore,
        double loadAfter) {

    String key() {
        return key(mode, parallelism, machines);
    }

    /** e.g. {@code flink-at-least-once-p2-m100}: names a configuration's topics and groups its runs in the summary. */
    static String key(String mode, int parallelism, int machines) {
        return mode + "-p" + parallelism + "-m" + machines;
    }
}
