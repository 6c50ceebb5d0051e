package io.regimestream.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.RejectReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterCodecTest {

    @Test
    void deadLettersKeepInvalidUtf8PayloadsByteForByte() {
        byte[] garbage = {(byte) 0xC3, (byte) 0x28, 0x00, (byte) 0xFF};
        DeadLetter d =
                new DeadLetter(RejectReason.NOT_JSON, "not valid JSON", garbage, "machine-temperature", 3, 42, 7);
        byte[] json = DeadLetterCodec.toJson(d);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"payloadEncoding\":\"base64\"");
        assertThat(DeadLetterCodec.fromJson(json)).isEqualTo(d);
    }

    @Test
    void deadLettersKeepTextPayloadsReadable() {
        byte[] text = "{\"temperature\": \"hot\"}".getBytes(StandardCharsets.UTF_8);
        DeadLetter d = new DeadLetter(RejectReason.WRONG_TYPE, "must be a number", text, "t", 0, 1, 2);
        assertThat(new String(DeadLetterCodec.toJson(d), StandardCharsets.UTF_8))
                .contains("\"reason\":\"wrong_type\"", "\"payloadEncoding\":\"utf8\"", "\"sourceOffset\":1");
        assertThat(DeadLetterCodec.fromJson(DeadLetterCodec.toJson(d))).isEqualTo(d);
    }
}
