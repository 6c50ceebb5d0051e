package io.regimestream.common.config;

/**
 * The one place that knows topic names and default addresses (the job's InfluxDB measurement, tag
 * and field names are its {@code InfluxSchema}).
 * Default addresses match the docker-compose service names; local scripts pass their own.
 */
public final class PipelineDefaults {

    /** Readings in: JSON {@code {"machineId":..,"timestamp":..,"temperature":..}}, keyed by machine id. */
    public static final String READINGS_TOPIC = "machine-temperature";
    /** Predictions out: one flat JSON object per reading, keyed by machine id. */
    public static final String PREDICTIONS_TOPIC = "machine-regimes";
    /** Records that could not be scored, with the reason and their source position. */
    public static final String DEAD_LETTER_TOPIC = "machine-temperature-dlq";
    /** Control topic: model announcements (version, sha256, location or inline PMML), keyed by version. */
    public static final String MODELS_TOPIC = "regime-models";
    /** What each scoring task did with an announcement: activated or rejected, and why. */
    public static final String MODEL_STATUS_TOPIC = "regime-model-status";
    /** A machine's predicted regime changed and held (debounced), keyed by machine id. */
    public static final String REGIME_CHANGES_TOPIC = "machine-regime-changes";
    /** A machine's (or a task's) readings stopped looking like the training data: {@code model-drift} events. */
    public static final String MODEL_DRIFT_TOPIC = "machine-model-drift";

    /**
     * The job's InfluxDB points on their way to the database: line protocol, one point per record,
     * written by the scoring tasks and read by the job's InfluxDB writer. One per database (so two
     * jobs writing to different databases on one broker never share one), e.g.
     * {@code influxdb-points-regimes}; see {@link #influxPointsTopic(String)}.
     */
    public static final String INFLUXDB_POINTS_TOPIC_PREFIX = "influxdb-points-";

    /**
     * The plausible temperatures, °C (inclusive): the job scores no reading outside them (a dead letter,
     * {@code out_of_range}), and training's {@code retrain} learns from none.
     */
    public static final double MIN_PLAUSIBLE_TEMPERATURE = -50.0;

    public static final double MAX_PLAUSIBLE_TEMPERATURE = 150.0;

    public static final String BOOTSTRAP_SERVERS = "kafka:9092";
    public static final String INFLUXDB_URL = "http://influxdb:8086";
    public static final String INFLUXDB_DATABASE = "regimes";

    /** Where the committed model lives, relative to the project root. */
    public static final String MODEL_DIRECTORY = "model-artifacts";

    public static final String MODEL_FILE = "model.pmml";
    public static final String METADATA_FILE = "model.json";

    /** The default points topic of an InfluxDB database: the prefix and the name, anything Kafka refuses as {@code _}. */
    public static String influxPointsTopic(String database) {
        return INFLUXDB_POINTS_TOPIC_PREFIX + database.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private PipelineDefaults() {}
}
