package io.regimestream.common.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Dead letters (records the job could not use, with the reason and where they came from) as JSON.
 * The payload travels as text when it is UTF-8 and as base64 otherwise, so nothing is lost.
 */
public final class DeadLetterCodec {

    private DeadLetterCodec() {}

    public static byte[] toJson(DeadLetter d) {
        String text = utf8OrNull(d.payload());
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("reason", d.reason().code());
            g.writeStringField("detail", d.detail());
            g.writeStringField("payloadEncoding", text != null ? "utf8" : "base64");
            g.writeStringField(
                    "payload", text != null ? text : Base64.getEncoder().encodeToString(d.payload()));
            g.writeStringField("sourceTopic", d.sourceTopic());
            g.writeNumberField("sourcePartition", d.partition());
            g.writeNumberField("sourceOffset", d.offset());
            g.writeNumberField("time", d.time());
            g.writeEndObject();
        });
    }

    public static DeadLetter fromJson(byte[] json) {
        JsonNode n = Json.tree(json);
        String payload = n.path("payload").asText();
        byte[] bytes = "base64".equals(n.path("payloadEncoding").asText())
                ? Base64.getDecoder().decode(payload)
                : payload.getBytes(StandardCharsets.UTF_8);
        return new DeadLetter(
                RejectReason.fromCode(n.path("reason").asText()),
                n.path("detail").asText(),
                bytes,
                n.path("sourceTopic").asText(),
                n.path("sourcePartition").asInt(),
                n.path("sourceOffset").asLong(),
                n.path("time").asLong());
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
