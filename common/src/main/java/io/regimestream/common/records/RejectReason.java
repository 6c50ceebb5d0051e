package io.regimestream.common.records;

/** Why a record could not be scored. The code is what the dead-letter topic and metrics carry. */
public enum RejectReason {
    EMPTY("empty message"),
    OVERSIZED("message larger than the configured maximum"),
    NOT_JSON("not valid JSON"),
    NOT_AN_OBJECT("JSON is not an object"),
    MISSING_TEMPERATURE("no temperature field"),
    WRONG_TYPE("a field has the wrong type"),
    NOT_FINITE("temperature is NaN or infinite"),
    OUT_OF_RANGE("temperature outside the plausible range"),
    INVALID_MACHINE_ID("machine id is not a short string"),
    INVALID_TIMESTAMP("timestamp is neither epoch milliseconds nor an ISO-8601 instant"),
    SCORING_FAILED("the model could not score the reading"),
    /** A machine new to its scoring task, which already keeps state for as many machines as it may. */
    TOO_MANY_MACHINES("the scoring task keeps state for as many machines as it may"),
    /** Scored, but InfluxDB refused its point for good (e.g. a field type conflict, outside the retention policy). */
    INFLUXDB_REJECTED("InfluxDB refused the point");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    /** Lower-case code used in JSON, metric names and tags, e.g. {@code not_json}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String description() {
        return description;
    }

    public static RejectReason fromCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
