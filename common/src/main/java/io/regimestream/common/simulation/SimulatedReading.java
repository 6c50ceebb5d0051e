package io.regimestream.common.simulation;

import io.regimestream.common.records.Reading;

/** A generated reading together with the regime that really produced it (ground truth for tests). */
public record SimulatedReading(Reading reading, int trueRegime) {}
