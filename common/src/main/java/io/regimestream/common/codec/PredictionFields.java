package io.regimestream.common.codec;

/**
 * The prediction records' field names, with their separators, encoded once: both formats name the
 * fields they share alike ({@link PredictionJsonWriter}, {@link CompactPredictionWriter}).
 */
final class PredictionFields {

    static final byte[] MACHINE_ID = JsonBytes.ascii("{\"machineId\":");
    static final byte[] TIMESTAMP = JsonBytes.ascii(",\"timestamp\":");
    static final byte[] TEMPERATURE = JsonBytes.ascii(",\"temperature\":");
    static final byte[] REGIME = JsonBytes.ascii(",\"regime\":");
    static final byte[] CONFIDENCE = JsonBytes.ascii(",\"confidence\":");
    static final byte[] MODEL_VERSION = JsonBytes.ascii(",\"modelVersion\":");
    static final byte[] PROCESSING_TIME = JsonBytes.ascii(",\"processingTime\":");
    static final byte[] LOW_CONFIDENCE = JsonBytes.ascii(",\"lowConfidence\":");
    /** Only in a canary's predictions: every other prediction is written as before, byte for byte. */
    static final byte[] CANARY = JsonBytes.ascii(",\"canary\":true");

    static final byte[] END = JsonBytes.ascii("}");

    private PredictionFields() {}

    /** {@code {"machineId":..,"timestamp":..,"temperature":..,"regime":..}: how both formats start (without the closing brace). */
    static void writeStart(JsonBytes out, String machineId, long timestamp, double temperature, int regime) {
        out.append(MACHINE_ID);
        out.appendString(machineId);
        out.append(TIMESTAMP);
        out.append(timestamp);
        out.append(TEMPERATURE);
        out.append(temperature);
        out.append(REGIME);
        out.append(regime);
    }

    /** {@code ,"canary":true} for a canary's prediction, nothing for the active model's; then the closing brace. */
    static void writeEnd(JsonBytes out, boolean canary) {
        if (canary) {
            out.append(CANARY);
        }
        out.append(END);
    }
}
