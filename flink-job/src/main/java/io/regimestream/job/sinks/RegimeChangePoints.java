package io.regimestream.job.sinks;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;
import io.regimestream.job.sinks.influxdb.Point;

/**
 * One InfluxDB point per regime change, measurement {@code regime_change}, for the dashboard's
 * annotations: tags {@code machine}, {@code model_version}; fields {@code from_regime},
 * {@code to_regime}, {@code readings} (integers), {@code confidence} (float) and {@code text}
 * (e.g. "press-01: regime 0 → 2", the annotation's text); time = the change's event time. A
 * machine has at most one change per millisecond, so a replay overwrites instead of duplicating.
 */
public class RegimeChangePoints implements InfluxPointConverter<RegimeChange> {

    public static final String MEASUREMENT = PipelineDefaults.INFLUXDB_REGIME_CHANGE_MEASUREMENT;

    @Override
    public String toLineProtocol(RegimeChange change) {
        return Point.measurement(MEASUREMENT)
                .tag("machine", change.machineId())
                .tag("model_version", change.modelVersion())
                .field("from_regime", (long) change.fromRegime())
                .field("to_regime", (long) change.toRegime())
                .field("confidence", change.confidence())
                .field("readings", (long) change.readings())
                .field("text", change.machineId() + ": regime " + change.fromRegime() + " \u2192 " + change.toRegime())
                .timeMillis(change.timestamp())
                .toLineProtocol();
    }
}
