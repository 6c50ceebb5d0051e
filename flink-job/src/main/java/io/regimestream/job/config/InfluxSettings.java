package io.regimestream.job.config;

import java.util.Objects;

/**
 * Where the InfluxDB sinks write. The password never appears in {@link #toString()}.
 *
 * @param url      e.g. {@code http://influxdb:8086}
 * @param database created if missing
 * @param username null when influxd runs without auth
 * @param password null when influxd runs without auth
 */
public record InfluxSettings(String url, String database, String username, String password) {

    public InfluxSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(database, "database");
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("give both --influxdb-username and --influxdb-password, or neither");
        }
    }

    public boolean hasCredentials() {
        return username != null;
    }

    @Override
    public String toString() {
        return "InfluxSettings[url=" + url + ", database=" + database
                + (hasCredentials() ? ", username=" + username + ", password=******" : "") + "]";
    }
}
