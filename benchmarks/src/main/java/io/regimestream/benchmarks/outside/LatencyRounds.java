package io.regimestream.benchmarks.outside;

import io.regimestream.benchmarks.e2e.Rotation;
import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.job.config.DeliveryMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The latency runs of one measurement: every delivery at every parallelism, in rotated rounds;
 * exactly-once with its own checkpoint interval, since its latency is bound to the commits.
 */
final class LatencyRounds {

    private final OutsideLatency latency;
    private final List<JobSpec> specs = new ArrayList<>();
    private final int runs;

    LatencyRounds(
            OutsideLatency latency,
            List<DeliveryMode> deliveries,
            List<Integer> parallelism,
            PredictionFormat format,
            Duration exactlyOnceCheckpointInterval,
            int runs) {
        this.latency = latency;
        this.runs = runs;
        for (int p : parallelism) {
            for (DeliveryMode d : deliveries) {
                specs.add(new JobSpec(
                        d, format, true, p, d == DeliveryMode.EXACTLY_ONCE ? exactlyOnceCheckpointInterval : null));
            }
        }
    }

    /** Runs the rounds; each run lands in {@code results} as soon as it ends. */
    void run(Map<String, Object> report, List<LatencyResult> results) throws Exception {
        List<List<JobSpec>> rounds = Rotation.rounds(specs, runs);
        report.put(
                "latencyRunOrder",
                rounds.stream().map(r -> r.stream().map(JobSpec::key).toList()).toList());
        for (int r = 0; r < rounds.size(); r++) {
            for (JobSpec s : rounds.get(r)) {
                results.add(latency.run(s, r, ""));
            }
        }
    }
}
