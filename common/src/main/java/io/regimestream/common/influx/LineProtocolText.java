package io.regimestream.common.influx;

/**
 * Text that InfluxDB 1.x line protocol cannot carry in a measurement name, tag key or tag value.
 * Known here, below both, so that the job rejects such a reading (dead letter) before it scores it
 * and the InfluxDB sink refuses such a point, by the same rule.
 */
public final class LineProtocolText {

    private LineProtocolText() {}

    /**
     * True when {@code s} has a backslash at its end or before {@code ,} {@code =} or space: InfluxDB
     * 1.x would read it as escaping the separator after it (doubling it does not help), so such a
     * name or tag value cannot be written.
     */
    public static boolean hasDanglingBackslash(String s) {
        for (int i = s.indexOf('\\'); i >= 0; i = s.indexOf('\\', i + 1)) {
            if (i + 1 == s.length() || s.charAt(i + 1) == ',' || s.charAt(i + 1) == ' ' || s.charAt(i + 1) == '=') {
                return true;
            }
        }
        return false;
    }
}
