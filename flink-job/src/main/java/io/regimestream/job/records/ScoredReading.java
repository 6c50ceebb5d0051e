package io.regimestream.job.records;

import io.regimestream.common.records.Prediction;

/**
 * A prediction and the position of the Kafka record it was made for. Kafka gets the prediction
 * alone; InfluxDB uses the position to tell apart readings of one machine in the same millisecond.
 */
public record ScoredReading(Prediction prediction, int sourcePartition, long sourceOffset) {}
