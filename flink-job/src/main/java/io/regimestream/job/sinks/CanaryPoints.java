package io.regimestream.job.sinks;

import io.regimestream.common.records.CanaryFigures;
import io.regimestream.common.records.ModelStatus;
import io.regimestream.job.canary.CanaryReport;
import io.regimestream.job.sinks.InfluxSchema.CanaryDecisions;
import io.regimestream.job.sinks.InfluxSchema.CanaryReports;
import io.regimestream.job.sinks.influxdb.Point;

/**
 * A canary in InfluxDB (names in {@link InfluxSchema.CanaryReports} and {@link
 * InfluxSchema.CanaryDecisions}):
 * <ul>
 *   <li>{@code model_canary}, one point per report: tags {@code canary_version}, {@code active_version},
 *       {@code task} ({@code 1/2}); integer fields {@code canary_readings}, {@code canary_low_confidence},
 *       {@code canary_out_of_range} and the same for {@code active_}; time = the end of the report's
 *       interval. Intervals do not overlap, so the counts add up.</li>
 *   <li>{@code model_canary_decision}, one point per task and decision: tags {@code canary_version},
 *       {@code active_version}, {@code decision} ({@code promoted}, {@code rolled_back}), {@code task}; fields
 *       {@code canary_readings}, {@code active_readings} (integers), the shares and PSIs each side has
 *       ({@code canary_low_confidence_share}, ..., {@code active_psi}) and {@code text} (the status's detail);
 *       time = up to when every task had reported, the same on every task and in a replay.</li>
 * </ul>
 */
final class CanaryPoints implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    String report(CanaryReport r) {
        return Point.measurement(CanaryReports.MEASUREMENT)
                .tag(CanaryReports.CANARY_VERSION, r.candidateVersion())
                .tag(CanaryReports.ACTIVE_VERSION, r.activeVersion())
                .tag(CanaryReports.TASK, r.reporter())
                .field(CanaryReports.CANARY_READINGS, r.candidate().readings())
                .field(CanaryReports.CANARY_LOW_CONFIDENCE, r.candidate().lowConfidence())
                .field(CanaryReports.CANARY_OUT_OF_RANGE, r.candidate().outOfRange())
                .field(CanaryReports.ACTIVE_READINGS, r.active().readings())
                .field(CanaryReports.ACTIVE_LOW_CONFIDENCE, r.active().lowConfidence())
                .field(CanaryReports.ACTIVE_OUT_OF_RANGE, r.active().outOfRange())
                .timeMillis(r.toMillis())
                .toLineProtocol();
    }

    String decision(ModelStatus status) {
        CanaryFigures f = status.canary();
        Point point = Point.measurement(CanaryDecisions.MEASUREMENT)
                .tag(CanaryDecisions.CANARY_VERSION, f.candidateVersion())
                .tag(CanaryDecisions.ACTIVE_VERSION, f.activeVersion())
                .tag(CanaryDecisions.DECISION, status.outcome().code())
                .tag(CanaryDecisions.TASK, status.task())
                .field(CanaryDecisions.CANARY_READINGS, f.candidate().readings())
                .field(
                        CanaryDecisions.CANARY_LOW_CONFIDENCE_SHARE,
                        f.candidate().lowConfidenceShare())
                .field(CanaryDecisions.ACTIVE_READINGS, f.active().readings())
                .field(CanaryDecisions.ACTIVE_LOW_CONFIDENCE_SHARE, f.active().lowConfidenceShare())
                .field(CanaryDecisions.TEXT, status.detail());
        optional(point, CanaryDecisions.CANARY_OUT_OF_RANGE_SHARE, f.candidate().outOfRangeShare());
        optional(point, CanaryDecisions.CANARY_PSI, f.candidate().psi());
        optional(point, CanaryDecisions.ACTIVE_OUT_OF_RANGE_SHARE, f.active().outOfRangeShare());
        optional(point, CanaryDecisions.ACTIVE_PSI, f.active().psi());
        return point.timeMillis(f.toMillis()).toLineProtocol();
    }

    private static void optional(Point point, String field, Double value) {
        if (value != null) {
            point.field(field, value);
        }
    }
}
