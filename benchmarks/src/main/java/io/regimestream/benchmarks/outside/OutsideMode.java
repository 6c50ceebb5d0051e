package io.regimestream.benchmarks.outside;

import io.regimestream.common.codec.PredictionFormat;
import io.regimestream.job.config.DeliveryMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The throughput modes measured from outside: the I/O limit and the job as the targets name it. */
public enum OutsideMode {
    RAW_COPY(
            "raw-copy",
            null,
            null,
            true,
            "plain kafka-clients threads in their own process: consume, parse, write the reading back, produce "
                    + "(the I/O limit), the job's default client settings"),
    JOB_FULL(
            "job-full",
            DeliveryMode.AT_LEAST_ONCE,
            PredictionFormat.FULL,
            true,
            "bin/job --delivery at-least-once --prediction-format full (the default record), drift monitoring on"),
    JOB_COMPACT(
            "job-compact",
            DeliveryMode.AT_LEAST_ONCE,
            PredictionFormat.COMPACT,
            true,
            "bin/job --delivery at-least-once --prediction-format compact, drift monitoring on (the default)"),
    JOB_COMPACT_NO_DRIFT(
            "job-compact-no-drift",
            DeliveryMode.AT_LEAST_ONCE,
            PredictionFormat.COMPACT,
            false,
            "job-compact with --drift-window 0: the other side of the drift A/B"),
    JOB_COMPACT_EXACTLY_ONCE(
            "job-compact-exactly-once",
            DeliveryMode.EXACTLY_ONCE,
            PredictionFormat.COMPACT,
            true,
            "bin/job --delivery exactly-once --prediction-format compact, checkpoints as configured (10 s as shipped)");

    private final String id;
    private final DeliveryMode delivery;
    private final PredictionFormat format;
    private final boolean drift;
    private final String description;

    OutsideMode(String id, DeliveryMode delivery, PredictionFormat format, boolean drift, String description) {
        this.id = id;
        this.delivery = delivery;
        this.format = format;
        this.drift = drift;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    boolean isJob() {
        return delivery != null;
    }

    /** The job's options in this mode; null for raw-copy. */
    JobSpec job(int parallelism) {
        return isJob() ? new JobSpec(delivery, format, drift, parallelism, (Duration) null) : null;
    }

    static OutsideMode parse(String id) {
        return Arrays.stream(values())
                .filter(m -> m.id.equals(id.strip()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no mode " + id + "; the modes: "
                        + String.join(
                                ", ",
                                Arrays.stream(values()).map(OutsideMode::id).toList())));
    }

    /** Every mode's id and what it runs, for the result file. */
    static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        for (OutsideMode m : values()) {
            d.put(m.id(), m.description());
        }
        return d;
    }
}
