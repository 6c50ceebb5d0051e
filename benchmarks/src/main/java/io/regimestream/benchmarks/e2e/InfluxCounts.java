package io.regimestream.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.job.sinks.PredictionPoints;
import io.regimestream.localservices.InfluxDbServer;

import java.util.List;

/** How many prediction points a database holds. */
final class InfluxCounts {

    private InfluxCounts() {
    }

    static long points(InfluxDbServer influx, String database) {
        List<JsonNode> rows = influx.rows(database, "SELECT count(\"temperature\") FROM \"" + PredictionPoints.MEASUREMENT + "\"");
        return rows.isEmpty() ? 0 : rows.get(0).get(1).asLong();
    }
}
