package io.regimestream.common.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration every record codec ({@link ReadingCodec}, {@link PredictionCodec},
 * {@link DeadLetterCodec}, {@link RegimeChangeCodec}, {@link ModelAnnouncementCodec},
 * {@link ModelStatusCodec}, {@link ModelDriftCodec}, and the job's canary reports) reads and writes with, and the shared {@link #mapper()} for metadata
 * files and tests that need a tree. Predictions, written many times a second, are written without a generator by
 * {@link PredictionJsonWriter} and {@link CompactPredictionWriter}, in the very text this configuration gives.
 */
public final class Json {

    /** Deeper JSON than this is refused rather than walked (hostile nesting). */
    private static final int MAX_NESTING_DEPTH = 64;

    static final JsonFactory FACTORY = JsonFactory.builder()
            // NaN / Infinity tokens are parsed so that they are reported as not finite, not as "not JSON".
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Schubfach: the shortest text that parses back to the same double, several times faster
            // than JDK 17's Double.toString (which is not always the shortest).
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private Json() {}

    /** The shared mapper, for metadata files and tests that need a tree. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes one document with a generator of this configuration. */
    public interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    /** One document written by {@code writer} into a fresh array. */
    public static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return out.toByteArray();
    }

    /** The tree of a record written by one of our codecs; not for untrusted input on the hot path. */
    public static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }
}
