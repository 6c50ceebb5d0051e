package io.regimestream.demo.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.localservices.InfluxDbServer;
import io.regimestream.localservices.PrometheusServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers alert rule queries from the real stores, as Grafana's datasources of
 * grafana/provisioning/datasources do: InfluxQL against influxd as Grafana's read-only user, with
 * {@code $timeFilter} the rule's relative time range before the evaluation (one series per tag set
 * and selected column, labelled with the tags); PromQL as an instant query at the end of that range
 * (one number per series, labelled with its labels).
 */
final class StackAlertStore implements GrafanaAlertEvaluation.Store {

    private final InfluxDbServer influx;
    private final String user;
    private final String password;
    private final Map<String, String> databases;
    private final PrometheusServer prometheus;
    private final String prometheusUid;

    /**
     * @param databases InfluxDB datasource uid -> database
     * @param prometheusUid the Prometheus datasource's uid
     */
    StackAlertStore(
            InfluxDbServer influx,
            String user,
            String password,
            Map<String, String> databases,
            PrometheusServer prometheus,
            String prometheusUid) {
        this.influx = influx;
        this.user = user;
        this.password = password;
        this.databases = databases;
        this.prometheus = prometheus;
        this.prometheusUid = prometheusUid;
    }

    @Override
    public List<GrafanaAlertEvaluation.Series> query(AlertProvisioning.Query query, Instant at) {
        Instant from = at.minus(query.from());
        Instant to = at.minus(query.to());
        if (prometheusUid.equals(query.datasourceUid())) {
            return prometheus(query.model().path("expr").asText(), to);
        }
        String database = databases.get(query.datasourceUid());
        if (database == null) {
            throw new IllegalArgumentException("no store for datasource " + query.datasourceUid());
        }
        String influxql =
                GrafanaMacros.expandAlertQuery(query.model().path("query").asText(), from, to);
        return influx(influx.queryAs(user, password, database, influxql));
    }

    /** Grafana's frames of an InfluxQL answer: per series, one per column but time, with the series' tags. */
    private static List<GrafanaAlertEvaluation.Series> influx(JsonNode answer) {
        List<GrafanaAlertEvaluation.Series> frames = new ArrayList<>();
        for (JsonNode series : answer.path("results").path(0).path("series")) {
            Map<String, String> tags = new LinkedHashMap<>();
            series.path("tags")
                    .fields()
                    .forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            JsonNode columns = series.path("columns");
            for (int c = 0; c < columns.size(); c++) {
                if ("time".equals(columns.get(c).asText())) {
                    continue;
                }
                List<Double> values = new ArrayList<>();
                for (JsonNode row : series.path("values")) {
                    JsonNode v = row.get(c);
                    if (!v.isNull() && !v.isNumber()) {
                        throw new IllegalStateException("column "
                                + columns.get(c).asText() + " is not a number (" + v + "): cannot be reduced");
                    }
                    values.add(v.isNull() ? null : v.asDouble());
                }
                frames.add(new GrafanaAlertEvaluation.Series(tags, values, false));
            }
        }
        return frames;
    }

    private List<GrafanaAlertEvaluation.Series> prometheus(String promql, Instant at) {
        JsonNode data = prometheus.query(promql, at);
        List<GrafanaAlertEvaluation.Series> numbers = new ArrayList<>();
        switch (data.path("resultType").asText()) {
            case "vector" ->
                data.path("result").forEach(element -> {
                    Map<String, String> labels = new LinkedHashMap<>();
                    element.path("metric")
                            .fields()
                            .forEachRemaining(
                                    e -> labels.put(e.getKey(), e.getValue().asText()));
                    numbers.add(GrafanaAlertEvaluation.Series.instant(
                            labels, number(element.path("value").get(1))));
                });
            case "scalar" ->
                numbers.add(GrafanaAlertEvaluation.Series.instant(
                        Map.of(), number(data.path("result").get(1))));
            default ->
                throw new IllegalStateException("an instant query answers a vector or a scalar, not "
                        + data.path("resultType").asText());
        }
        return numbers;
    }

    /** Prometheus writes sample values as strings, NaN and ±Inf included. */
    private static double number(JsonNode value) {
        return switch (value.asText()) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value.asText());
        };
    }
}
