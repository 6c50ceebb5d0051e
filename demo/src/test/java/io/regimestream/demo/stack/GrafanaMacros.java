package io.regimestream.demo.stack;

import java.time.Duration;
import java.util.Map;

/** Grafana's macro expansion, as far as our dashboards use it, for tests that run panel queries. */
final class GrafanaMacros {

    private GrafanaMacros() {}

    /** An InfluxQL query: the last hour, 10 s buckets. */
    static String expand(String query, Map<String, String> variables) {
        String q = query.replace("$timeFilter", "time > now() - 1h")
                .replace("$__interval_ms", "10000")
                .replace("$__interval", "10s");
        for (Map.Entry<String, String> v : variables.entrySet()) {
            q = q.replace("$" + v.getKey(), v.getValue());
        }
        if (java.util.regex.Pattern.compile("\\$[A-Za-z_{]").matcher(q).find()) {
            throw new IllegalStateException("unexpanded macro or variable in: " + q);
        }
        return q;
    }

    /**
     * A PromQL query run with {@code interval} as its step: {@code $__interval} is the step, and
     * {@code $__rate_interval} is Grafana's max(step + scrape interval, 4 x scrape interval), so a
     * rate always spans at least 4 scrapes.
     */
    static String expandPromQl(String query, Duration scrapeInterval, Duration interval) {
        long rateInterval = Math.max(interval.plus(scrapeInterval).toSeconds(), 4 * scrapeInterval.toSeconds());
        String q = query.replace("$__rate_interval", rateInterval + "s")
                .replace("$__interval", interval.toSeconds() + "s");
        if (java.util.regex.Pattern.compile("\\$[A-Za-z_{]").matcher(q).find()) {
            throw new IllegalStateException("unexpanded macro or variable in: " + q);
        }
        return q;
    }

    /**
     * An alert rule's InfluxQL query as Grafana's InfluxDB datasource sends it: {@code $timeFilter}
     * is the rule's time range in epoch milliseconds ({@code time >= 1700000000000ms and time <=
     * 1700000600000ms}); an alert query has no other macro here.
     */
    static String expandAlertQuery(String query, java.time.Instant from, java.time.Instant to) {
        String q = query.replace(
                "$timeFilter", "time >= " + from.toEpochMilli() + "ms and time <= " + to.toEpochMilli() + "ms");
        if (q.contains("$")) {
            throw new IllegalStateException("unexpanded macro in alert query: " + q);
        }
        return q;
    }

    /** Escapes a value for an InfluxQL regex, as Grafana does for multi-value variables. */
    static String regexEscape(String value) {
        return value.replaceAll("([\\\\/^$.|?*+()\\[\\]{}-])", "\\\\$1");
    }
}
