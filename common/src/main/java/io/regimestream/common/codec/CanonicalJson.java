package io.regimestream.common.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.regimestream.common.records.ModelAnnouncementRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One spelling of a JSON document, so a signature can cover a whole message whatever the writer's
 * key order or whitespace, including fields the reader does not know yet: object members sorted by
 * key (UTF-16 code units, as RFC 8785), no whitespace, strings written with Jackson's minimal
 * escaping, and numbers exactly as they appear in the document (their text, never re-formatted,
 * so no two JDKs or Jackson versions disagree on a double). A key that appears twice in one object
 * is refused: two readers could take different values from it.
 */
public final class CanonicalJson {

    private CanonicalJson() {}

    /**
     * The canonical form of {@code json} (a JSON object) without its top-level member {@code omitted}
     * (the signature, which cannot sign itself).
     *
     * @throws IllegalArgumentException when it is not one JSON object, or a key repeats
     */
    public static byte[] of(byte[] json, String omitted) {
        Object tree;
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            tree = read(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen reading from memory
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) tree;
        members.remove(omitted);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            write(g, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return out.toByteArray();
    }

    /** A number, true, false or null: its token and text, written back as they were. */
    private record Scalar(JsonToken token, String text) {}

    /** The value at the parser's current token: a sorted map, a list, a String or a {@link Scalar}. */
    private static Object read(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> members = new TreeMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    if (members.put(key, read(p)) != null) {
                        throw new IllegalArgumentException("the key \"" + printable(key) + "\" appears twice");
                    }
                }
                return members;
            }
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                return items;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            default -> {
                return new Scalar(token, p.getText());
            }
        }
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Map<?, ?> members) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : members.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof String text) {
            g.writeString(text);
        } else {
            Scalar scalar = (Scalar) value;
            switch (scalar.token()) {
                case VALUE_TRUE -> g.writeBoolean(true);
                case VALUE_FALSE -> g.writeBoolean(false);
                case VALUE_NULL -> g.writeNull();
                default -> g.writeNumber(scalar.text()); // the number's own text
            }
        }
    }

    private static String printable(String key) {
        return ModelAnnouncementRule.printable(key);
    }
}
