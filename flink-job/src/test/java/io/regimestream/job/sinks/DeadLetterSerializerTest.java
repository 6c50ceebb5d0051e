package io.regimestream.job.sinks;

import io.regimestream.common.codec.DeadLetterCodec;
import io.regimestream.common.records.DeadLetter;
import io.regimestream.common.records.RejectReason;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterSerializerTest {

    private final DeadLetterSerializer serializer = new DeadLetterSerializer("dlq");

    @Test
    void aMultiMegabytePayloadIsCutSoTheDeadLetterFitsInAKafkaMessage() {
        byte[] huge = new byte[3 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        DeadLetter oversized = new DeadLetter(RejectReason.OVERSIZED, "the message is 3145728 bytes", huge, "readings", 1, 42, 7);

        byte[] value = serializer.serialize(oversized, null, 7L).value();

        assertThat(value.length).isLessThan(1024 * 1024);
        DeadLetter sent = DeadLetterCodec.fromJson(value);
        assertThat(sent.payload()).isEqualTo(Arrays.copyOf(huge, DeadLetterSerializer.MAX_PAYLOAD_BYTES));
        assertThat(sent.detail()).contains("3145728 bytes").contains("the whole message is at readings-1@42");
        assertThat(sent.reason()).isEqualTo(RejectReason.OVERSIZED);
    }

    @Test
    void aSmallPayloadTravelsWhole() {
        DeadLetter small = new DeadLetter(RejectReason.NOT_JSON, "not valid JSON", "oops".getBytes(), "readings", 0, 1, 7);

        assertThat(DeadLetterCodec.fromJson(serializer.serialize(small, null, 7L).value())).isEqualTo(small);
    }
}
