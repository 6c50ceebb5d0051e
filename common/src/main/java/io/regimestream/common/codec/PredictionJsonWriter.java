package io.regimestream.common.codec;

import io.regimestream.common.records.Prediction;
import java.util.Objects;

/**
 * Writes full predictions ({@link PredictionCodec}) for a task that writes one after another: bytes
 * appended straight into one reused buffer ({@link JsonBytes}), field names encoded once, doubles
 * as their shortest exact decimal, so a prediction costs its {@code byte[]} and nothing else. The
 * text is the one Jackson wrote before, byte for byte ({@code PredictionJsonWriterParityTest} keeps
 * the Jackson writer as the reference). Not thread-safe: one per task.
 */
public final class PredictionJsonWriter implements PredictionWriter {

    private final JsonBytes out = new JsonBytes();
    private final ProbabilityRounding rounding;
    /** {@code ,"probabilityN":} for every regime seen so far. */
    private byte[][] probabilityFields = new byte[0][];

    /** Full precision: the same text as {@link PredictionCodec#toJson(Prediction)}. */
    public PredictionJsonWriter() {
        this(ProbabilityRounding.FULL);
    }

    /** Confidence and probabilities rounded as {@code rounding} says (output only). */
    public PredictionJsonWriter(ProbabilityRounding rounding) {
        this.rounding = Objects.requireNonNull(rounding);
    }

    @Override
    public byte[] toJson(Prediction p) {
        PredictionFields.writeStart(out, p.machineId(), p.timestamp(), p.temperature(), p.regime());
        out.append(PredictionFields.CONFIDENCE);
        out.append(rounding.round(p.confidence()));
        double[] probabilities = p.probabilities();
        byte[][] fields = probabilityFields(probabilities.length);
        for (int i = 0; i < probabilities.length; i++) {
            out.append(fields[i]);
            out.append(rounding.round(probabilities[i]));
        }
        out.append(PredictionFields.MODEL_VERSION);
        out.appendString(p.modelVersion());
        out.append(PredictionFields.PROCESSING_TIME);
        out.append(p.processingTime());
        out.append(PredictionFields.LOW_CONFIDENCE);
        out.append(p.lowConfidence());
        PredictionFields.writeEnd(out, p.canary());
        return out.take();
    }

    private byte[][] probabilityFields(int regimes) {
        if (probabilityFields.length < regimes) {
            byte[][] fields = new byte[regimes][];
            for (int i = 0; i < regimes; i++) {
                fields[i] = JsonBytes.ascii(",\"" + PredictionCodec.probabilityField(i) + "\":");
            }
            probabilityFields = fields;
        }
        return probabilityFields;
    }
}
