package io.regimestream.demo.stack;

import java.util.List;

/**
 * The passwords the docker-compose stack needs and has no default for, and the InfluxDB users it
 * creates, shared by the tests that check the stack and those that run its dashboards.
 */
final class StackPasswords {

    static final List<String> VARIABLES = List.of(
            "GRAFANA_ADMIN_PASSWORD", "INFLUXDB_ADMIN_PASSWORD", "INFLUXDB_JOB_PASSWORD", "INFLUXDB_GRAFANA_PASSWORD");

    /** The job's InfluxDB user: may write the regimes database, nothing else. */
    static final String JOB_USER = "regime-scoring";

    /** Grafana's InfluxDB user: may read the regimes database, nothing else. */
    static final String GRAFANA_USER = "grafana";

    private StackPasswords() {}
}
