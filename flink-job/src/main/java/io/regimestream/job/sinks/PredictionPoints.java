package io.regimestream.job.sinks;

import static io.regimestream.job.sinks.InfluxSchema.MACHINE;
import static io.regimestream.job.sinks.InfluxSchema.MODEL_VERSION;

import io.regimestream.common.records.Prediction;
import io.regimestream.job.records.ScoredReading;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;
import io.regimestream.job.sinks.influxdb.Point;

/**
 * One InfluxDB point per prediction, measurement {@code machine_regime} (names in {@link InfluxSchema.Predictions}):
 * <ul>
 *   <li>tags {@code machine}, {@code model_version}, {@code regime_id} (the regime again, as a tag,
 *       so dashboards can {@code GROUP BY "regime_id"}; InfluxQL cannot group by a field),
 *       {@code partition} (the source partition, see {@link PointTime});</li>
 *   <li>fields {@code temperature} (float), {@code regime} (integer), {@code confidence} (float),
 *       {@code probability0..k-1} (float), {@code lag_ms} (integer: scoring time minus event time),
 *       {@code low_confidence} (boolean: confidence below the job's threshold);</li>
 *   <li>time: the reading's event time, made unique per source record by {@link PointTime}. A
 *       replay scored by another model version is a second point (another {@code model_version}).</li>
 * </ul>
 */
public class PredictionPoints implements InfluxPointConverter<ScoredReading> {

    @Override
    public String toLineProtocol(ScoredReading scored) {
        Prediction p = scored.prediction();
        Point point = Point.measurement(InfluxSchema.Predictions.MEASUREMENT)
                .tag(MACHINE, p.machineId())
                .tag(MODEL_VERSION, p.modelVersion())
                .tag(InfluxSchema.Predictions.REGIME_ID, Integer.toString(p.regime()))
                .field(InfluxSchema.Predictions.TEMPERATURE, p.temperature())
                .field(InfluxSchema.Predictions.REGIME, (long) p.regime())
                .field(InfluxSchema.Predictions.CONFIDENCE, p.confidence());
        double[] probabilities = p.probabilities();
        for (int i = 0; i < probabilities.length; i++) {
            point.field(InfluxSchema.Predictions.probability(i), probabilities[i]);
        }
        point.field(InfluxSchema.Predictions.LAG_MS, p.processingTime() - p.timestamp())
                .field(InfluxSchema.Predictions.LOW_CONFIDENCE, p.lowConfidence());
        return PointTime.stamp(point, p.timestamp(), scored.sourcePartition(), scored.sourceOffset())
                .toLineProtocol();
    }
}
