package io.regimestream.job.sinks.influxdb;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One line of line protocol as {@link InfluxDbFromKafka} reads it from its Kafka topic, with its
 * position there: the position is what the writer's checkpoint keeps until InfluxDB has the point.
 *
 * @param partition the record's partition
 * @param offset    the record's offset
 * @param line      the record's value: a point, or a comment line ({@code #...}, never sent)
 */
public record KafkaPoint(int partition, long offset, String line) {

    /** A comment of line protocol: InfluxDB would ignore it; the writer never sends it. */
    boolean isComment() {
        return line.isBlank() || line.stripLeading().startsWith("#");
    }

    /** Reads a record's value as UTF-8 line protocol; nothing can fail here (an empty value is a blank line). */
    public static KafkaRecordDeserializationSchema<KafkaPoint> deserializer() {
        return new Deserializer();
    }

    private static final class Deserializer implements KafkaRecordDeserializationSchema<KafkaPoint> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaPoint> out) {
            String line = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
            out.collect(new KafkaPoint(record.partition(), record.offset(), line));
        }

        @Override
        public TypeInformation<KafkaPoint> getProducedType() {
            return TypeInformation.of(KafkaPoint.class);
        }
    }
}
