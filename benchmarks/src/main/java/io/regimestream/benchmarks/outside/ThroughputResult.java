package io.regimestream.benchmarks.outside;

/**
 * One measured throughput run of the process under test (raw-copy or the job), timed from outside.
 *
 * @param round                       rotation round (0-based), -1 for a warm-up
 * @param records                     predictions (copies) in the output topic
 * @param recordsPerSecond            records between the first and the last broker append, per second: the
 *                                    issue's measure, start-up of a fresh JVM included (its JIT compilers take a
 *                                    good part of the cores in the first seconds)
 * @param steadyRecordsPerSecond      the second half of the records (by append time) over their own span: the
 *                                    job warmed up, what it sustains
 * @param wallSeconds                 from starting the process until its last record was counted (start-up included)
 * @param cpuSecondsPerMillion        the process's CPU time per million records, within the append window
 * @param brokerCpuSecondsPerMillion  the broker's, same window
 * @param outputBytesPerRecord        key + value bytes per output record
 * @param allocatedBytesPerRecord     what the process's JVM allocated per record (from its GC log), NaN if unknown
 * @param gcs                         collections in the window
 * @param stoppedMillis               time its Java threads stood still at safepoints in the window
 * @param threads                     the process's threads by kind over the window
 * @param brokerThreads               the broker's threads by kind over the same window
 * @param steadyThreads               the process's threads over the second half
 * @param steadyBrokerThreads         the broker's over the second half
 */
record ThroughputResult(
        String mode,
        int parallelism,
        int round,
        long records,
        double appendSpanSeconds,
        double recordsPerSecond,
        double steadyRecordsPerSecond,
        double wallSeconds,
        double cpuSecondsPerMillion,
        double brokerCpuSecondsPerMillion,
        double outputBytesPerRecord,
        double allocatedBytesPerRecord,
        int gcs,
        double stoppedMillis,
        double loadBefore,
        double loadAfter,
        ThreadUsage threads,
        ThreadUsage brokerThreads,
        ThreadUsage steadyThreads,
        ThreadUsage steadyBrokerThreads) {

    String key() {
        return key(mode, parallelism);
    }

    /** The process's CPU-seconds per million records over the second half; NaN when not sampled. */
    double steadyCpuSecondsPerMillion() {
        return steadyThreads == null ? Double.NaN : steadyThreads.cpuSecondsPerMillion();
    }

    double steadyBrokerCpuSecondsPerMillion() {
        return steadyBrokerThreads == null ? Double.NaN : steadyBrokerThreads.cpuSecondsPerMillion();
    }

    static String key(String mode, int parallelism) {
        return mode + "-p" + parallelism;
    }
}
