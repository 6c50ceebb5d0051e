package io.regimestream.job.sinks;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.ShadowReport;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;
import io.regimestream.job.sinks.influxdb.Point;

/**
 * One InfluxDB point per shadow report, measurement {@code model_shadow}: tags
 * {@code active_version}, {@code shadow_version}, {@code task}; fields {@code readings},
 * {@code agreements} (integers), {@code agreement_rate}, {@code mean_abs_probability_difference}
 * (floats) and the confusion matrix as integers {@code confusion_a<A>_s<S>} (readings the active
 * model put in regime A and the shadow in regime S); time = the report's time. Reports cover
 * disjoint intervals, so sums over time and tasks are meaningful: the agreement over any window is
 * {@code sum(agreements) / sum(readings)}.
 */
public class ShadowReportPoints implements InfluxPointConverter<ModelStatus> {

    public static final String MEASUREMENT = PipelineDefaults.INFLUXDB_SHADOW_MEASUREMENT;

    @Override
    public String toLineProtocol(ModelStatus status) {
        ShadowReport r = status.shadow();
        Point point = Point.measurement(MEASUREMENT)
                .tag("active_version", r.activeVersion())
                .tag("shadow_version", r.shadowVersion())
                .tag("task", status.task())
                .field("readings", r.readings())
                .field("agreements", r.agreements())
                .field("mean_abs_probability_difference", r.meanAbsProbabilityDifference());
        if (r.readings() > 0) { // NaN is no InfluxDB value
            point.field("agreement_rate", r.agreementRate());
        }
        long[][] confusion = r.confusion();
        for (int a = 0; a < confusion.length; a++) {
            for (int s = 0; s < confusion[a].length; s++) {
                point.field("confusion_a" + a + "_s" + s, confusion[a][s]);
            }
        }
        return point.timeMillis(r.toMillis()).toLineProtocol();
    }
}
