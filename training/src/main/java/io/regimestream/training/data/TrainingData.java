package io.regimestream.training.data;

import io.regimestream.common.records.Reading;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The readings a run trains on, and where they came from.
 *
 * @param readings the readings, in source order
 * @param source   human description of the source (file path, or generator and settings)
 * @param hidden   the regime that really produced each reading, when the regime simulator made
 *                 them; null for a file or the uniform generator (nobody knows the truth there)
 */
public record TrainingData(List<Reading> readings, String source, HiddenRegimes hidden) {

    /**
     * The simulator's ground truth, which the KMeans regimes are compared with in the report.
     *
     * @param regimeOfReading per reading (same order as the readings), the simulator's regime index
     * @param names           the simulator's regime names, by index
     */
    public record HiddenRegimes(int[] regimeOfReading, List<String> names) {}

    public TrainingData {
        readings = List.copyOf(readings);
        if (hidden != null && hidden.regimeOfReading().length != readings.size()) {
            throw new IllegalArgumentException("one hidden regime per reading is needed: "
                    + hidden.regimeOfReading().length + " for " + readings.size() + " readings");
        }
    }

    /** Data whose true regimes are unknown. */
    public TrainingData(List<Reading> readings, String source) {
        this(readings, source, null);
    }

    public double[] temperatures() {
        return readings.stream().mapToDouble(Reading::temperature).toArray();
    }

    public int size() {
        return readings.size();
    }

    public long distinctTemperatures() {
        return Arrays.stream(temperatures()).distinct().count();
    }

    /** Hex sha256 over the temperatures in order: the same data gives the same fingerprint. */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(Double.BYTES);
            for (Reading r : readings) {
                buffer.clear();
                buffer.putDouble(r.temperature());
                digest.update(buffer.array());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
