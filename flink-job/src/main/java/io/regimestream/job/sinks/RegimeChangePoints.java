package io.regimestream.job.sinks;

import static io.regimestream.job.sinks.InfluxSchema.MACHINE;
import static io.regimestream.job.sinks.InfluxSchema.MODEL_VERSION;
import static io.regimestream.job.sinks.InfluxSchema.RegimeChanges.CONFIDENCE;
import static io.regimestream.job.sinks.InfluxSchema.RegimeChanges.FROM_REGIME;
import static io.regimestream.job.sinks.InfluxSchema.RegimeChanges.MEASUREMENT;
import static io.regimestream.job.sinks.InfluxSchema.RegimeChanges.READINGS;
import static io.regimestream.job.sinks.InfluxSchema.RegimeChanges.TEXT;
import static io.regimestream.job.sinks.InfluxSchema.RegimeChanges.TO_REGIME;

import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;
import io.regimestream.job.sinks.influxdb.Point;

/**
 * One InfluxDB point per regime change, measurement {@code regime_change} (names in {@link InfluxSchema.RegimeChanges}), for the dashboard's
 * annotations: tags {@code machine}, {@code model_version}; fields {@code from_regime},
 * {@code to_regime}, {@code readings} (integers), {@code confidence} (float) and {@code text}
 * (e.g. "press-01: regime 0 → 2", the annotation's text); time = the change's event time. A
 * machine has at most one change per millisecond, so a replay overwrites instead of duplicating.
 */
public class RegimeChangePoints implements InfluxPointConverter<RegimeChange> {

    @Override
    public String toLineProtocol(RegimeChange change) {
        return Point.measurement(MEASUREMENT)
                .tag(MACHINE, change.machineId())
                .tag(MODEL_VERSION, change.modelVersion())
                .field(FROM_REGIME, (long) change.fromRegime())
                .field(TO_REGIME, (long) change.toRegime())
                .field(CONFIDENCE, change.confidence())
                .field(READINGS, (long) change.readings())
                .field(TEXT, change.machineId() + ": regime " + change.fromRegime() + " \u2192 " + change.toRegime())
                .timeMillis(change.timestamp())
                .toLineProtocol();
    }
}
