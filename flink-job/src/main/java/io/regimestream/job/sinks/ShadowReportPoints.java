package io.regimestream.job.sinks;

import static io.regimestream.job.sinks.InfluxSchema.ShadowReports.ACTIVE_VERSION;
import static io.regimestream.job.sinks.InfluxSchema.ShadowReports.AGREEMENTS;
import static io.regimestream.job.sinks.InfluxSchema.ShadowReports.AGREEMENT_RATE;
import static io.regimestream.job.sinks.InfluxSchema.ShadowReports.MEAN_ABS_PROBABILITY_DIFFERENCE;
import static io.regimestream.job.sinks.InfluxSchema.ShadowReports.MEASUREMENT;
import static io.regimestream.job.sinks.InfluxSchema.ShadowReports.READINGS;
import static io.regimestream.job.sinks.InfluxSchema.ShadowReports.SHADOW_VERSION;
import static io.regimestream.job.sinks.InfluxSchema.ShadowReports.TASK;
import static io.regimestream.job.sinks.InfluxSchema.ShadowReports.confusion;

import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.ShadowReport;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;
import io.regimestream.job.sinks.influxdb.Point;

/**
 * One InfluxDB point per shadow report, measurement {@code model_shadow} (names in
 * {@link InfluxSchema.ShadowReports}): tags
 * {@code active_version}, {@code shadow_version}, {@code task}; fields {@code readings},
 * {@code agreements} (integers), {@code agreement_rate}, {@code mean_abs_probability_difference}
 * (floats) and the confusion matrix as integers {@code confusion_a<A>_s<S>} (readings the active
 * model put in regime A and the shadow in regime S); time = the report's time. Reports cover
 * disjoint intervals, so sums over time and tasks are meaningful: the agreement over any window is
 * {@code sum(agreements) / sum(readings)}.
 */
public class ShadowReportPoints implements InfluxPointConverter<ModelStatus> {

    @Override
    public String toLineProtocol(ModelStatus status) {
        ShadowReport r = status.shadow();
        Point point = Point.measurement(MEASUREMENT)
                .tag(ACTIVE_VERSION, r.activeVersion())
                .tag(SHADOW_VERSION, r.shadowVersion())
                .tag(TASK, status.task())
                .field(READINGS, r.readings())
                .field(AGREEMENTS, r.agreements())
                .field(MEAN_ABS_PROBABILITY_DIFFERENCE, r.meanAbsProbabilityDifference());
        if (r.readings() > 0) { // NaN is no InfluxDB value
            point.field(AGREEMENT_RATE, r.agreementRate());
        }
        long[][] matrix = r.confusion();
        for (int a = 0; a < matrix.length; a++) {
            for (int s = 0; s < matrix[a].length; s++) {
                point.field(confusion(a, s), matrix[a][s]);
            }
        }
        return point.timeMillis(r.toMillis()).toLineProtocol();
    }
}
