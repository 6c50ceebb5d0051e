package io.regimestream.common.codec;

import io.regimestream.common.records.Prediction;

/**
 * Writes predictions in one {@link PredictionFormat}, one after another, into a reused buffer: a
 * prediction costs its {@code byte[]} and nothing else. Not thread-safe: one per task.
 */
public interface PredictionWriter {

    byte[] toJson(Prediction prediction);
}
