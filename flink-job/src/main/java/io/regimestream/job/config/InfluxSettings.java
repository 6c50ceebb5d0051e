package io.regimestream.job.config;

import io.regimestream.common.config.PipelineDefaults;
import java.util.Objects;

/**
 * Where the job's InfluxDB points go: through a Kafka topic of their own to the database. The
 * password never appears in {@link #toString()}.
 *
 * @param url         e.g. {@code http://influxdb:8086}
 * @param database    created if missing
 * @param username    null when influxd runs without auth
 * @param password    null when influxd runs without auth
 * @param pointsTopic the Kafka topic the scoring tasks write the points to and the job's InfluxDB
 *                    writer reads them from ({@code --influxdb-points-topic})
 */
public record InfluxSettings(String url, String database, String username, String password, String pointsTopic) {

    public InfluxSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(pointsTopic, "pointsTopic");
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("give both --influxdb-username and --influxdb-password, or neither");
        }
        if (pointsTopic.isBlank()) {
            throw new IllegalArgumentException("--influxdb-points-topic must not be blank");
        }
    }

    /** With the database's default points topic ({@link PipelineDefaults#influxPointsTopic(String)}). */
    public InfluxSettings(String url, String database, String username, String password) {
        this(url, database, username, password, PipelineDefaults.influxPointsTopic(database));
    }

    public boolean hasCredentials() {
        return username != null;
    }

    @Override
    public String toString() {
        return "InfluxSettings[url=" + url + ", database=" + database
                + (hasCredentials() ? ", username=" + username + ", password=******" : "") + ", pointsTopic="
                + pointsTopic + "]";
    }
}
