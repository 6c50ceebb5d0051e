package io.regimestream.job.sinks;

import io.regimestream.common.config.PipelineDefaults;
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

    public static final String MEASUREMENT = PipelineDefaults.INFLUXDB_MODEL_HEALTH_MEASUREMENT;

    @Override
    public String toLineProtocol(ModelHealth h) {
        Point point = DriftSeries.tags(Point.measurement(MEASUREMENT), h.machineId(), h.task(), h.modelVersion())
                .field("readings", h.readings())
                .field("low_confidence_share", h.lowConfidenceShare());
        if (h.psi() != null) {
            point.field("psi", h.psi());
        }
        if (h.outOfRangeShare() != null) {
            point.field("out_of_range_share", h.outOfRangeShare());
        }
        if (h.meanCentroidDistance() != null) {
            point.field("mean_centroid_distance", h.meanCentroidDistance());
        }
        return point.timeMillis(h.windowEnd()).toLineProtocol();
    }
}
