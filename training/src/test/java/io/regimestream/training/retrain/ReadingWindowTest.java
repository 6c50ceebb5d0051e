package io.regimestream.training.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.Reading;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ReadingWindowTest {

    @Test
    void theWindowHoldsTheLatestReadingsInTimeOrderWithoutWhatTheJobWouldNotScore() {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        int offset = 0;
        for (long t = 10; t >= 1; t--) { // newest first, as two partitions may interleave them
            records.add(record(0, offset++, t, ReadingCodec.toJson(new Reading("m", t, 40 + t))));
        }
        records.add(record(1, 0, 5, "oops".getBytes(StandardCharsets.UTF_8)));
        records.add(
                record(1, 2, 6, "{\"machineId\":\"press-03\",\"temperature\":999.0}".getBytes(StandardCharsets.UTF_8)));
        // no timestamp in the reading: the record's
        records.add(record(1, 1, 11, "{\"Temperature\": 57}".getBytes(StandardCharsets.UTF_8)));

        ReadingWindow.Window all = ReadingWindow.window(records, 100, t -> t >= -50 && t <= 150, 0, 20);
        assertThat(all.readings()).hasSize(11);
        assertThat(all.readings()).extracting(Reading::timestamp).isSorted();
        assertThat(all.readings().get(10)).isEqualTo(new Reading(Reading.DEFAULT_MACHINE_ID, 11, 57));
        assertThat(all.skipped())
                .as("not JSON, and 999 °C: dead letters to the job")
                .isEqualTo(2);
        assertThat(all.cutByCount()).isFalse();

        ReadingWindow.Window latest = ReadingWindow.window(records, 4, t -> t >= -50 && t <= 150, 0, 20);
        assertThat(latest.readings()).extracting(Reading::timestamp).containsExactly(8L, 9L, 10L, 11L);
        assertThat(latest.cutByCount()).isTrue();
        assertThat(latest.describe())
                .startsWith("4 readings of 2 machines from ")
                .contains("--window-readings");
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, long timestamp, byte[] value) {
        return new ConsumerRecord<>(
                "readings",
                partition,
                offset,
                timestamp,
                TimestampType.CREATE_TIME,
                0,
                value.length,
                null,
                value,
                new RecordHeaders(),
                Optional.empty());
    }
}
