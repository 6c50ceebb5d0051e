package io.regimestream.common.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.regimestream.common.records.Prediction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes predictions as {@link PredictionCodec#toJson(Prediction)} does, for a task that writes one
 * after another: one generator and one buffer for all of them, so a prediction costs its
 * {@code byte[]} and nothing else. Not thread-safe: one per task.
 */
public final class PredictionJsonWriter {

    private final Buffer buffer = new Buffer();
    private final JsonGenerator generator;
    private final ProbabilityRounding rounding;

    /** Full precision: the same text as {@link PredictionCodec#toJson(Prediction)}. */
    public PredictionJsonWriter() {
        this(ProbabilityRounding.FULL);
    }

    /** Confidence and probabilities rounded as {@code rounding} says (output only). */
    public PredictionJsonWriter(ProbabilityRounding rounding) {
        this.rounding = Objects.requireNonNull(rounding);
        try {
            generator = Json.FACTORY.createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        generator.setRootValueSeparator(null); // one document per call, not a space-separated sequence
    }

    public byte[] toJson(Prediction prediction) {
        try {
            PredictionCodec.write(generator, prediction, rounding);
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.takeBytes();
    }

    /** A growable byte array that is emptied, not reallocated, after each document. */
    private static final class Buffer extends OutputStream {
        private byte[] bytes = new byte[256];
        private int size;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] takeBytes() {
            byte[] document = Arrays.copyOf(bytes, size);
            size = 0;
            return document;
        }
    }
}
