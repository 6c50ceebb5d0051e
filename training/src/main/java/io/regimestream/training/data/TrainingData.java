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
 */
public record TrainingData(List<Reading> readings, String source) {

    public TrainingData {
        readings = List.copyOf(readings);
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
