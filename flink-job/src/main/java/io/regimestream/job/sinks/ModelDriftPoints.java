package io.regimestream.job.sinks;

import io.regimestream.common.records.ModelDrift;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;
import io.regimestream.job.sinks.influxdb.Point;
import java.util.Locale;

/**
 * One InfluxDB point per model-drift event, measurement {@code model_drift}, for Grafana
 * annotations: the tags of {@link DriftSeries}; fields {@code psi}, {@code out_of_range_share}
 * (when known), {@code readings} and {@code text} (e.g. "press-01: drift, psi 0.84 > 0.2"); time =
 * the window's end.
 */
public class ModelDriftPoints implements InfluxPointConverter<ModelDrift> {

    @Override
    public String toLineProtocol(ModelDrift d) {
        Point point = DriftSeries.tags(
                        Point.measurement(InfluxSchema.DriftEvents.MEASUREMENT),
                        d.machineId(),
                        d.task(),
                        d.modelVersion())
                .field(InfluxSchema.DriftEvents.READINGS, d.readings())
                .field(InfluxSchema.DriftEvents.TEXT, text(d));
        if (d.psi() != null) {
            point.field(InfluxSchema.DriftEvents.PSI, d.psi());
        }
        if (d.outOfRangeShare() != null) {
            point.field(InfluxSchema.DriftEvents.OUT_OF_RANGE_SHARE, d.outOfRangeShare());
        }
        return point.timeMillis(d.windowEnd()).toLineProtocol();
    }

    /** What the annotation says: whose readings drifted and which figure crossed its threshold. */
    static String text(ModelDrift d) {
        StringBuilder text =
                new StringBuilder(d.overall() ? "task " + d.task() + " overall" : d.machineId()).append(": drift");
        if (d.psiCrossed()) {
            text.append(String.format(Locale.ROOT, ", psi %.2f > %s", d.psi(), d.psiThreshold()));
        }
        if (d.outOfRangeCrossed()) {
            text.append(String.format(
                    Locale.ROOT,
                    ", %.0f%% out of range > %s%%",
                    100 * d.outOfRangeShare(),
                    100 * d.outOfRangeThreshold()));
        }
        return text.append(" (model ").append(d.modelVersion()).append(')').toString();
    }
}
