package io.regimestream.examples.python;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.codec.PredictionCodec;
import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Reading what the job and the scripts wrote: Kafka records, consumer group offsets, InfluxDB points. */
final class Outputs {

    private Outputs() {}

    /** {@code machine|timestamp|temperature} of a reading: what its prediction must repeat. */
    static String key(Reading r) {
        return r.machineId() + "|" + r.timestamp() + "|" + r.temperature();
    }

    static String key(Prediction p) {
        return p.machineId() + "|" + p.timestamp() + "|" + p.temperature();
    }

    static List<String> readingKeys(List<ConsumerRecord<byte[], byte[]>> records) throws InvalidRecordException {
        List<String> keys = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            keys.add(key(ReadingCodec.fromJson(new String(r.value(), StandardCharsets.UTF_8), r.timestamp())));
        }
        return keys;
    }

    static List<String> predictionKeys(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> key(PredictionCodec.fromJson(r.value())))
                .toList();
    }

    /** {@code partition@offset} of each record. */
    static List<String> positions(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> r.partition() + "@" + r.offset()).toList();
    }

    /**
     * Whether {@code group} has committed, on every partition of {@code records}' topic that holds
     * one, an offset past its last record: a consumer of the group restarting now reads nothing of them again.
     */
    static boolean caughtUp(KafkaBroker broker, String group, List<ConsumerRecord<byte[], byte[]>> records)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            next.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
        }
        try (var admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            return next.entrySet().stream()
                    .allMatch(e -> committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue());
        }
    }

    /**
     * Every point of the predictions' measurement, column name to value as text, time in
     * milliseconds (InfluxDbServer asks for epoch=ms).
     */
    static List<Map<String, String>> points(InfluxDbServer influx, String database) {
        List<Map<String, String>> points = new ArrayList<>();
        for (JsonNode series : influx.query(database, "SELECT * FROM machine_regime")
                .path("results")
                .path(0)
                .path("series")) {
            List<String> columns = new ArrayList<>();
            series.path("columns").forEach(c -> columns.add(c.asText()));
            for (JsonNode row : series.path("values")) {
                Map<String, String> point = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    point.put(
                            columns.get(i),
                            row.get(i).isNull() ? null : row.get(i).asText());
                }
                points.add(point);
            }
        }
        return points;
    }

    /** The predictions' points in {@code database}, 0 while it does not exist yet. */
    static long pointCount(InfluxDbServer influx, String database) {
        try {
            return influx.count(database, "SELECT count(\"regime\") FROM machine_regime");
        } catch (IllegalStateException notYet) {
            return 0;
        }
    }
}
