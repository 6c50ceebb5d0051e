package io.regimestream.job.functions;

import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.records.KafkaRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The side output every operator sends its rejects to, and the per-reason counters that make
 * them visible as Flink metrics ({@code deadLetters.<reason>}, e.g. {@code deadLetters.not_json}).
 */
public final class DeadLetters {

    public static final org.apache.flink.util.OutputTag<DeadLetter> TAG =
            new org.apache.flink.util.OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private final Map<RejectReason, Counter> counters = new EnumMap<>(RejectReason.class);

    private DeadLetters() {
    }

    /**
     * Registers one counter per reason this operator can reject for, so each shows up in the web UI
     * from the start (at 0).
     */
    public static DeadLetters register(MetricGroup operatorMetrics, Set<RejectReason> reasons) {
        DeadLetters deadLetters = new DeadLetters();
        MetricGroup group = operatorMetrics.addGroup("deadLetters");
        for (RejectReason reason : reasons) {
            deadLetters.counters.put(reason, group.counter(reason.code()));
        }
        return deadLetters;
    }

    /**
     * Counts the reject and returns the dead letter for the side output. Its time is the Kafka
     * record's ({@code now} only when the record has none), so that a replay after a failure makes
     * the same dead letter and its InfluxDB point overwrites instead of counting the reject twice.
     */
    public DeadLetter reject(KafkaRecord source, RejectReason reason, String detail, long now) {
        counters.get(reason).inc();
        long time = source.timestamp() >= 0 ? source.timestamp() : now;
        return new DeadLetter(reason, detail, source.value(), source.topic(), source.partition(), source.offset(), time);
    }
}
