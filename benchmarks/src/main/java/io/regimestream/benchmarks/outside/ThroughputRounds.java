package io.regimestream.benchmarks.outside;

import io.regimestream.benchmarks.e2e.Rotation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The throughput runs of one measurement: an unmeasured warm-up, then every mode at every
 * parallelism in rotated rounds (so that a slow minute of the machine does not land on one
 * configuration only), then, if asked, one more run of each under JFR.
 */
final class ThroughputRounds {

    private static final Logger LOG = LoggerFactory.getLogger(ThroughputRounds.class);
    /** Entries of a JFR summary kept in the result file; the full summary is in its text file. */
    private static final int TOP = 10;

    private final OutsideThroughput throughput;
    private final List<OutsideMode> modes;
    private final List<Integer> parallelism;
    private final int runs;

    ThroughputRounds(OutsideThroughput throughput, List<OutsideMode> modes, List<Integer> parallelism, int runs) {
        this.throughput = throughput;
        this.modes = modes;
        this.parallelism = parallelism;
        this.runs = runs;
    }

    /** Runs the warm-up and the rounds; each measured run lands in {@code results} as soon as it ends. */
    void run(Map<String, Object> report, List<ThroughputResult> results) throws Exception {
        int most = Collections.max(parallelism);
        List<ThroughputResult> warmUp = new ArrayList<>();
        for (OutsideMode mode : List.of(OutsideMode.RAW_COPY, OutsideMode.JOB_COMPACT)) {
            warmUp.add(throughput.run(mode, most, -1, "warm-up", ""));
        }
        report.put("warmUpRuns", warmUp);
        List<Configuration> configs = new ArrayList<>();
        for (int p : parallelism) {
            for (OutsideMode mode : modes) {
                configs.add(new Configuration(mode, p));
            }
        }
        List<List<Configuration>> rounds = Rotation.rounds(configs, runs);
        report.put(
                "throughputRunOrder",
                rounds.stream()
                        .map(r -> r.stream().map(Configuration::key).toList())
                        .toList());
        for (int r = 0; r < rounds.size(); r++) {
            for (Configuration c : rounds.get(r)) {
                results.add(throughput.run(c.mode(), c.parallelism(), r, "r" + r, ""));
            }
        }
    }

    /** One unmeasured run of each mode at each parallelism under JFR, summarized over its second half. */
    List<Map<String, Object>> profiles(Path resultFile) throws Exception {
        List<Map<String, Object>> profiles = new ArrayList<>();
        for (int p : parallelism) {
            for (OutsideMode mode : modes) {
                profiles.add(profile(new Configuration(mode, p), resultFile));
            }
        }
        return profiles;
    }

    private Map<String, Object> profile(Configuration config, Path resultFile) throws Exception {
        String key = config.key();
        Path recording = resultFile
                .resolveSibling(resultFile.getFileName().toString().replaceFirst("\\.json$", "") + "-" + key + ".jfr")
                .toAbsolutePath();
        ThroughputResult run =
                throughput.run(config.mode(), config.parallelism(), -1, "jfr", JfrSummary.option(recording));
        ThreadUsage window = run.steadyThreads();
        JfrSummary summary = window == null
                ? JfrSummary.of(recording, 0, Long.MAX_VALUE)
                : JfrSummary.of(recording, window.fromMillis(), window.toMillis());
        Path text = summary.write(
                recording,
                "JFR of " + key + ", second half of its run (" + run.records() / 2 + " records)",
                window == null ? 0 : window.records());
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("run", run);
        profile.put("recording", recording.toString());
        profile.put("summary", text.toString());
        profile.put("cpuByArea", summary.cpu().areas());
        profile.put("cpuTop", top(summary.cpu().entries()));
        profile.put(
                "allocatedBytesPerRecord",
                window == null ? Double.NaN : summary.allocatedBytes() / (double) window.records());
        profile.put("allocationByMethod", top(summary.allocationByMethod()));
        profile.put("allocationByClass", top(summary.allocationByClass()));
        LOG.info("JFR of {}: {}", key, text);
        return profile;
    }

    private static <T> List<T> top(List<T> entries) {
        return entries.subList(0, Math.min(TOP, entries.size()));
    }

    /** One mode at one parallelism. */
    private record Configuration(OutsideMode mode, int parallelism) {
        String key() {
            return ThroughputResult.key(mode.id(), parallelism);
        }
    }
}
