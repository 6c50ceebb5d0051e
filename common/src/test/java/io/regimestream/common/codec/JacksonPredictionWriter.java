package io.regimestream.common.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.regimestream.common.records.Prediction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The reference for {@link PredictionJsonWriter}: predictions as the job wrote them before it had its
 * own writer, through a Jackson generator of the codecs' {@link Json} configuration (fast double
 * writer on). Kept for the parity tests and for the codec benchmark (the benchmarks module uses this
 * module's test jar); nothing in production writes with it.
 */
public final class JacksonPredictionWriter {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private final JsonGenerator generator;
    private final ProbabilityRounding rounding;

    public JacksonPredictionWriter() {
        this(ProbabilityRounding.FULL);
    }

    public JacksonPredictionWriter(ProbabilityRounding rounding) {
        this.rounding = rounding;
        try {
            generator = Json.FACTORY.createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generator.setRootValueSeparator(null);
    }

    public byte[] toJson(Prediction p) {
        return document(g -> {
            g.writeStartObject();
            g.writeStringField("machineId", p.machineId());
            g.writeNumberField("timestamp", p.timestamp());
            g.writeNumberField("temperature", p.temperature());
            g.writeNumberField("regime", p.regime());
            g.writeNumberField("confidence", rounding.round(p.confidence()));
            double[] probabilities = p.probabilities();
            for (int i = 0; i < probabilities.length; i++) {
                g.writeNumberField(PredictionCodec.probabilityField(i), rounding.round(probabilities[i]));
            }
            g.writeStringField("modelVersion", p.modelVersion());
            g.writeNumberField("processingTime", p.processingTime());
            g.writeBooleanField("lowConfidence", p.lowConfidence());
            g.writeEndObject();
        });
    }

    /** One double as the Jackson generator writes it as a JSON value. */
    public byte[] number(double value) {
        return document(g -> g.writeNumber(value));
    }

    /** One string as the Jackson generator writes it as a JSON value. */
    public byte[] string(String value) {
        return document(g -> g.writeString(value));
    }

    private byte[] document(Json.Writer writer) {
        try {
            writer.write(generator);
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] json = buffer.toByteArray();
        buffer.reset();
        return json;
    }
}
