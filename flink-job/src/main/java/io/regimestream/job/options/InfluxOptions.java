package io.regimestream.job.options;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.job.config.InfluxSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of {@link InfluxSettings}: where the InfluxDB sink writes, or {@code --no-influxdb}. */
public class InfluxOptions {

    @Option(
            names = "--influxdb-url",
            paramLabel = "URL",
            defaultValue = "${env:INFLUXDB_URL}",
            description = "InfluxDB 1.x HTTP API (env INFLUXDB_URL; default: ${DEFAULT-VALUE}).")
    String url = PipelineDefaults.INFLUXDB_URL;

    @Option(
            names = "--influxdb-database",
            paramLabel = "NAME",
            defaultValue = "${env:INFLUXDB_DATABASE}",
            description = "InfluxDB database, created if missing (env INFLUXDB_DATABASE; default: ${DEFAULT-VALUE}).")
    String database = PipelineDefaults.INFLUXDB_DATABASE;

    @Option(
            names = "--influxdb-username",
            paramLabel = "USER",
            defaultValue = "${env:INFLUXDB_USERNAME}",
            description = "InfluxDB user, when auth is on (env INFLUXDB_USERNAME).")
    String username;

    @Option(
            names = "--influxdb-password",
            paramLabel = "PASSWORD",
            defaultValue = "${env:INFLUXDB_PASSWORD}",
            description = "InfluxDB password: give it by env INFLUXDB_PASSWORD or --influxdb-password-file, not as an "
                    + "argument (program arguments show in ps, and in application mode in Flink's configuration and "
                    + "log; the job warns). Never logged.")
    String password;

    @Option(
            names = "--influxdb-password-file",
            paramLabel = "FILE",
            defaultValue = "${env:INFLUXDB_PASSWORD_FILE}",
            description = "A file holding the InfluxDB password (a trailing line break is dropped), e.g. a mounted "
                    + "Kubernetes or Docker secret (env INFLUXDB_PASSWORD_FILE).")
    Path passwordFile;

    @Option(
            names = "--influxdb-points-topic",
            paramLabel = "TOPIC",
            defaultValue = "${env:INFLUXDB_POINTS_TOPIC}",
            description = "Kafka topic the points pass through on their way to InfluxDB: the scoring tasks write "
                    + "them there, the job's InfluxDB writer reads them, so an InfluxDB outage never holds back "
                    + "the Kafka outputs (env INFLUXDB_POINTS_TOPIC; default: "
                    + PipelineDefaults.INFLUXDB_POINTS_TOPIC_PREFIX + "<database>).")
    String pointsTopic;

    @Option(names = "--no-influxdb", description = "Do not write to InfluxDB (Kafka outputs only).")
    boolean off;

    /**
     * The settings, or null with {@code --no-influxdb}.
     *
     * @throws IllegalArgumentException when the password file cannot be read, or the password is given twice
     */
    public InfluxSettings toSettings() {
        if (off) {
            return null;
        }
        String topic = blankToNull(pointsTopic);
        return new InfluxSettings(
                url,
                database,
                blankToNull(username),
                password(),
                topic == null ? PipelineDefaults.influxPointsTopic(database) : topic);
    }

    private String password() {
        String given = blankToNull(password);
        if (passwordFile == null || passwordFile.toString().isBlank()) {
            return given;
        }
        if (given != null) {
            throw new IllegalArgumentException(
                    "give the InfluxDB password once: --influxdb-password (INFLUXDB_PASSWORD) "
                            + "or --influxdb-password-file (INFLUXDB_PASSWORD_FILE), not both");
        }
        try {
            return blankToNull(Files.readString(passwordFile).replaceFirst("\\R\\z", ""));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --influxdb-password-file " + passwordFile + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
