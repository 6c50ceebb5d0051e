package io.regimestream.job.functions;

import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The per-reason counters that make rejects visible as Flink metrics, and the dead letters
 * themselves. Each counter is {@code deadLetters} in a key-value group {@code reason} (web UI:
 * {@code reason.not_json.deadLetters}), so that reporters with labels show one metric with the
 * reason as a label: {@code flink_taskmanager_job_task_operator_reason_deadLetters{reason="not_json"}}
 * in Prometheus, which a dashboard sums by reason.
 */
public final class DeadLetters {

    private final Map<RejectReason, Counter> counters = new EnumMap<>(RejectReason.class);

    private DeadLetters() {}

    /** Registers one counter per reason, so each shows up in the web UI from the start (at 0). */
    public static DeadLetters register(MetricGroup operatorMetrics) {
        DeadLetters deadLetters = new DeadLetters();
        for (RejectReason reason : RejectReason.values()) {
            if (reason == RejectReason.INFLUXDB_REJECTED) {
                continue; // counted by the InfluxDB sink (influxdb.pointsRejected), not by the scoring operator
            }
            deadLetters.counters.put(
                    reason, operatorMetrics.addGroup("reason", reason.code()).counter("deadLetters"));
        }
        return deadLetters;
    }

    /**
     * Counts the reject and returns its dead letter, with the original bytes and where they came
     * from. {@code time} is the Kafka record's time (the processing time only when the record has
     * none), so that a replay after a failure makes the same dead letter and its InfluxDB point
     * overwrites instead of counting the reject twice.
     */
    public DeadLetter reject(
            byte[] payload, String topic, int partition, long offset, RejectReason reason, String detail, long time) {
        counters.get(reason).inc();
        return new DeadLetter(reason, detail, payload, topic, partition, offset, time);
    }
}
