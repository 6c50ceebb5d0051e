package io.regimestream.benchmarks.outside;

import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.job.config.DeliveryMode;
import java.time.Duration;

/**
 * The job as one run starts it: {@code bin/job --delivery ... --prediction-format ...} (plus
 * {@code --drift-window 0} without drift monitoring) with {@code -D parallelism.default=N} and,
 * when given, {@code -D execution.checkpointing.interval}; every other Flink setting from Flink's
 * configuration as shipped (flink-job/conf/config.yaml, or FLINK_CONF_DIR as for bin/job).
 *
 * @param checkpointInterval null: the configuration's (10 s as shipped)
 */
record JobSpec(
        DeliveryMode delivery, PredictionFormat format, boolean drift, int parallelism, Duration checkpointInterval) {

    /** e.g. {@code at-least-once-compact-p2}, {@code exactly-once-full-cp100ms-p1}, {@code ...-no-drift-...}. */
    String key() {
        return delivery.option() + "-" + format.option() + (drift ? "" : "-no-drift")
                + (checkpointInterval == null ? "" : "-cp" + checkpointInterval.toMillis() + "ms") + "-p" + parallelism;
    }
}
