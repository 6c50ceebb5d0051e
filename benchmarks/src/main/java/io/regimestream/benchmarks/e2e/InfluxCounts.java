package io.regimestream.benchmarks.e2e;

import io.regimestream.job.sinks.InfluxSchema;
import io.regimestream.localservices.InfluxDbServer;

/** How many prediction points a database holds. */
final class InfluxCounts {

    private InfluxCounts() {}

    static long points(InfluxDbServer influx, String database) {
        return influx.count(
                database, "SELECT count(\"temperature\") FROM \"" + InfluxSchema.Predictions.MEASUREMENT + "\"");
    }
}
