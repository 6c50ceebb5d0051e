package io.regimestream.job.sinks.influxdb;

import io.regimestream.common.influx.LineProtocolText;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One InfluxDB 1.x point, written as a line of line protocol:
 * {@code measurement,tag=value field=1.5,count=2i,name="x" 1764213600000000000}.
 *
 * <pre>{@code
 * Point.measurement("machine_regime").tag("machine", "press 01")
 *      .field("temperature", 57.3).field("regime", 2L).timeNanos(t).toLineProtocol();
 * }</pre>
 *
 * <p>Escaping follows the InfluxDB 1.x rules: {@code ,} and space in measurement names;
 * {@code ,} {@code =} and space in tag keys, tag values and field keys; string field values in
 * double quotes with {@code "} and {@code \} escaped. Integers get the {@code i} suffix. Tags with
 * an empty value are left out (InfluxDB rejects them). Values line protocol cannot carry (NaN,
 * infinities, line breaks) are rejected with {@link IllegalArgumentException}. The timestamp is in
 * nanoseconds since the epoch; the sink writes with {@code precision=ns}.
 */
public final class Point {

    private final String measurement;
    // Sorted tags: InfluxDB's recommended order, and a stable series key for identical points.
    private final Map<String, String> tags = new TreeMap<>();
    private final Map<String, String> fields = new LinkedHashMap<>();
    private Long timeNanos;

    private Point(String measurement) {
        requireText(measurement, "measurement name");
        this.measurement = measurement;
    }

    public static Point measurement(String name) {
        return new Point(name);
    }

    /** Adds a tag; a null or empty value leaves the tag out, as InfluxDB cannot store it. */
    public Point tag(String key, String value) {
        requireText(key, "tag key");
        if (value == null || value.isEmpty()) {
            tags.remove(key);
            return this;
        }
        requireOneLine(value, "tag value of '" + key + "'");
        requireNoDanglingBackslash(value, "tag value of '" + key + "'");
        tags.put(key, value);
        return this;
    }

    /** A float field; NaN and infinities have no line-protocol form and are rejected. */
    public Point field(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("field '" + key + "' is " + value
                    + ": InfluxDB line protocol cannot represent NaN or infinite values");
        }
        // Plain decimal notation: no exponent for the parser to trip over.
        return putField(key, BigDecimal.valueOf(value).toPlainString());
    }

    /** An integer field (written with the {@code i} suffix). */
    public Point field(String key, long value) {
        return putField(key, value + "i");
    }

    public Point field(String key, boolean value) {
        return putField(key, Boolean.toString(value));
    }

    /** A string field, double-quoted with {@code "} and {@code \} escaped. */
    public Point field(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + key + "' is null: leave it out instead");
        }
        requireOneLine(value, "string field '" + key + "'");
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return putField(key, quoted.append('"').toString());
    }

    /** The point's time in nanoseconds since the epoch; without it InfluxDB uses its own clock. */
    public Point timeNanos(long epochNanos) {
        this.timeNanos = epochNanos;
        return this;
    }

    /** The point's time in milliseconds since the epoch (stored as nanoseconds). */
    public Point timeMillis(long epochMillis) {
        return timeNanos(Math.multiplyExact(epochMillis, 1_000_000L));
    }

    /** The point as one line of line protocol, without a trailing newline. */
    public String toLineProtocol() {
        if (fields.isEmpty()) {
            throw new IllegalStateException("point '" + measurement + "' has no fields: InfluxDB needs at least one");
        }
        StringBuilder line = new StringBuilder(64);
        escape(measurement, line, false);
        tags.forEach((key, value) -> {
            line.append(',');
            escape(key, line, true);
            line.append('=');
            escape(value, line, true);
        });
        char separator = ' ';
        for (Map.Entry<String, String> field : fields.entrySet()) {
            line.append(separator);
            escape(field.getKey(), line, true);
            line.append('=').append(field.getValue());
            separator = ',';
        }
        if (timeNanos != null) {
            line.append(' ').append(timeNanos.longValue());
        }
        return line.toString();
    }

    @Override
    public String toString() {
        return toLineProtocol();
    }

    private Point putField(String key, String encodedValue) {
        requireText(key, "field key");
        fields.put(key, encodedValue);
        return this;
    }

    private static void escape(String s, StringBuilder out, boolean escapeEquals) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == ' ' || (escapeEquals && c == '=')) {
                out.append('\\');
            }
            out.append(c);
        }
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        requireOneLine(s, what);
        requireNoDanglingBackslash(s, what);
    }

    private static void requireOneLine(String s, String what) {
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(
                    what + " contains a line break, which InfluxDB line protocol cannot carry: "
                            + s.replace("\n", "\\n").replace("\r", "\\r"));
        }
    }

    private static void requireNoDanglingBackslash(String s, String what) {
        if (LineProtocolText.hasDanglingBackslash(s)) {
            throw new IllegalArgumentException(what + " has a backslash at its end or before ',', '=' or a space, "
                    + "which InfluxDB line protocol cannot carry: " + s);
        }
    }
}
