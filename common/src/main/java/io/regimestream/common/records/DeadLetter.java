package io.regimestream.common.records;

import java.util.Objects;

/**
 * A record that could not be scored, kept whole with the reason and where it came from.
 *
 * @param reason      why it was rejected
 * @param detail      a human-readable explanation of this record's problem
 * @param payload     the original bytes (may be empty, never null; may be invalid UTF-8)
 * @param sourceTopic the topic it was read from
 * @param partition   its partition
 * @param offset      its offset
 * @param time        the source record's Kafka timestamp, epoch ms (when it was rejected if the
 *                    record had none), so that a replay gives the same dead letter
 */
public record DeadLetter(
        RejectReason reason, String detail, byte[] payload, String sourceTopic, int partition, long offset, long time) {

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && reason == d.reason
                && detail.equals(d.detail)
                && java.util.Arrays.equals(payload, d.payload)
                && sourceTopic.equals(d.sourceTopic)
                && partition == d.partition
                && offset == d.offset
                && time == d.time;
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, detail, java.util.Arrays.hashCode(payload), sourceTopic, partition, offset, time);
    }

    @Override
    public String toString() {
        return "DeadLetter[reason=" + reason + ", detail=" + detail + ", payload=" + payload.length + " bytes"
                + ", source=" + sourceTopic + "-" + partition + "@" + offset + ", time=" + time + "]";
    }
}
