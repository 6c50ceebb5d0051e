package io.regimestream.benchmarks.e2e;

import io.regimestream.job.config.DeliveryMode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The throughput modes: two framework-free loops and the job three ways. */
enum Mode {
    RAW_COPY(
            "raw-copy",
            null,
            false,
            "kafka-clients threads: consume, parse, re-serialize the reading, produce (the I/O limit); the job's client settings"),
    RAW_JOB(
            "raw-job",
            null,
            false,
            "kafka-clients threads doing the job's whole per-record work with the job's classes (ReadingScorer: validate, "
                    + "fast-path score, regime tracks, dead letters; JobOutputSerializer: prediction JSON, each output to its "
                    + "topic); the job's client settings"),
    FLINK_AT_LEAST_ONCE(
            "flink-at-least-once",
            DeliveryMode.AT_LEAST_ONCE,
            false,
            "the job (RegimeScoringPipeline.build), Kafka to Kafka, at-least-once, bounded source, MiniCluster"),
    FLINK_EXACTLY_ONCE(
            "flink-exactly-once",
            DeliveryMode.EXACTLY_ONCE,
            false,
            "the job, exactly-once (Kafka transactions committed at each checkpoint; output counted read_committed)"),
    FLINK_INFLUX(
            "flink-influx", DeliveryMode.AT_LEAST_ONCE, true, "the job, at-least-once, with the InfluxDB sinks on");

    private final String id;
    private final DeliveryMode delivery;
    private final boolean influx;
    private final String description;

    Mode(String id, DeliveryMode delivery, boolean influx, String description) {
        this.id = id;
        this.delivery = delivery;
        this.influx = influx;
        this.description = description;
    }

    String id() {
        return id;
    }

    /** null for the raw loops */
    DeliveryMode delivery() {
        return delivery;
    }

    boolean isFlink() {
        return delivery != null;
    }

    boolean withInflux() {
        return influx;
    }

    String description() {
        return description;
    }

    /** Every mode's id and what it runs, for the result file. */
    static Map<String, String> descriptions() {
        Map<String, String> modes = new LinkedHashMap<>();
        for (Mode mode : values()) {
            modes.put(mode.id(), mode.description());
        }
        return modes;
    }
}
