package io.regimestream.demo.stack;

import java.util.Map;

/** Grafana's InfluxQL macro expansion, as far as our dashboards use it, for tests that run panel queries. */
final class GrafanaMacros {

    private GrafanaMacros() {}

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

    /** Escapes a value for an InfluxQL regex, as Grafana does for multi-value variables. */
    static String regexEscape(String value) {
        return value.replaceAll("([\\\\/^$.|?*+()\\[\\]{}-])", "\\\\$1");
    }
}
