package io.regimestream.job.functions;

import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The per-reason counters that make rejects visible as Flink metrics ({@code deadLetters.<reason>},
 * e.g. {@code deadLetters.not_json}), and the dead letters themselves.
 */
public final class DeadLetters {

    private final Map<RejectReason, Counter> counters = new EnumMap<>(RejectReason.class);

    private DeadLetters() {}

    /** Registers one counter per reason, so each shows up in the web UI from the start (at 0). */
    public static DeadLetters register(MetricGroup operatorMetrics) {
        DeadLetters deadLetters = new DeadLetters();
        MetricGroup group = operatorMetrics.addGroup("deadLetters");
        for (RejectReason reason : RejectReason.values()) {
            if (reason == RejectReason.INFLUXDB_REJECTED) {
                continue; // counted by the InfluxDB sink (influxdb.pointsRejected), not by the scoring operator
            }
            deadLetters.counters.put(reason, group.counter(reason.code()));
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
