package io.regimestream.job.records;

/**
 * One message as it came off the input topic: the raw value, untouched, and where it came from.
 * Parsing happens in an operator of its own so that bad bytes become dead letters, not failures.
 *
 * @param value     the message value (empty, never null, when Kafka had none)
 * @param topic     source topic
 * @param partition source partition
 * @param offset    source offset
 * @param timestamp the Kafka record timestamp, epoch ms
 */
public record KafkaRecord(byte[] value, String topic, int partition, long offset, long timestamp) {

    @Override
    public String toString() {
        return "KafkaRecord[" + topic + "-" + partition + "@" + offset + ", " + value.length + " bytes, timestamp="
                + timestamp + "]";
    }
}
