package io.regimestream.job.sinks;

import io.regimestream.job.records.ModelHealth;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;
import io.regimestream.job.sinks.influxdb.Point;

/**
 * One InfluxDB point per drift window, measurement {@code model_health}: tags {@code series}
 * ({@code machine} or {@code overall}), {@code machine} (per-machine series) or {@code task} (the
 * overall series of one scoring task), {@code model_version}; fields {@code psi},
 * {@code out_of_range_share}, {@code mean_centroid_distance} (each left out when the model's
 * baseline cannot give it), {@code low_confidence_share} (floats) and {@code readings} (integer);
 * time = the window's end. One window of a series has one end, so a replay overwrites.
 */
public class ModelHealthPoints implements InfluxPointConverter<ModelHealth> {

    @Override
    public String toLineProtocol(ModelHealth h) {
        Point point = DriftSeries.tags(
                        Point.measurement(InfluxSchema.HealthWindows.MEASUREMENT),
                        h.machineId(),
                        h.task(),
                        h.modelVersion())
                .field(InfluxSchema.HealthWindows.READINGS, h.readings())
                .field(InfluxSchema.HealthWindows.LOW_CONFIDENCE_SHARE, h.lowConfidenceShare());
        if (h.psi() != null) {
            point.field(InfluxSchema.HealthWindows.PSI, h.psi());
        }
        if (h.outOfRangeShare() != null) {
            point.field(InfluxSchema.HealthWindows.OUT_OF_RANGE_SHARE, h.outOfRangeShare());
        }
        if (h.meanCentroidDistance() != null) {
            point.field(InfluxSchema.HealthWindows.MEAN_CENTROID_DISTANCE, h.meanCentroidDistance());
        }
        return point.timeMillis(h.windowEnd()).toLineProtocol();
    }
}
