package io.regimestream.job.sinks.influxdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

class LineStateSerializerTest {

    @Test
    void checkpointedLinesComeBackUnchanged() throws Exception {
        List<String> lines = List.of(
                "m,machine=press\\ 01 t=57.3 1", "m,machine=ünï t=1i 2", "m s=\"" + "x".repeat(70_000) + "\" 3");
        BufferedRequestState<String> state = new BufferedRequestState<>(lines.stream()
                .map(line -> new RequestEntryWrapper<>(line, InfluxDbSinkWriter.utf8Length(line) + 1))
                .toList());
        LineStateSerializer serializer = new LineStateSerializer();

        BufferedRequestState<String> restored =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

        assertThat(restored.getBufferedRequestEntries())
                .extracting(RequestEntryWrapper::getRequestEntry)
                .isEqualTo(lines);
        assertThat(restored.getBufferedRequestEntries())
                .extracting(RequestEntryWrapper::getSize)
                .isEqualTo(lines.stream()
                        .map(line -> line.getBytes(StandardCharsets.UTF_8).length + 1L)
                        .toList());
    }
}
