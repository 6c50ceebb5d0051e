package io.regimestream.job.records;

import io.regimestream.common.records.Reading;

/**
 * A reading that passed validation, still tied to its Kafka record: the source offset makes its
 * InfluxDB point unique, and the original bytes go to the dead-letter topic if scoring fails.
 */
public record ValidReading(Reading reading, KafkaRecord source) {
}
