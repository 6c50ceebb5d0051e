package io.regimestream.job.sinks;

import io.regimestream.job.sinks.influxdb.Point;

/**
 * The tags of a drift series, shared by {@code model_health} and {@code model_drift}: a machine's
 * series is tagged {@code series=machine} and its {@code machine}; a scoring task's overall series
 * {@code series=overall} and its {@code task}, so parallel tasks do not overwrite each other.
 */
final class DriftSeries {

    private DriftSeries() {}

    static Point tags(Point point, String machineId, String task, String modelVersion) {
        point.tag(InfluxSchema.MODEL_VERSION, modelVersion);
        if (machineId == null) {
            return point.tag(InfluxSchema.SERIES, InfluxSchema.OVERALL_SERIES).tag(InfluxSchema.TASK, task);
        }
        return point.tag(InfluxSchema.SERIES, InfluxSchema.MACHINE_SERIES).tag(InfluxSchema.MACHINE, machineId);
    }
}
