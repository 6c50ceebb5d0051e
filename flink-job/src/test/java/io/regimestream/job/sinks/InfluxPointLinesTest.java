package io.regimestream.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.records.Prediction;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.ScoredReading;
import io.regimestream.job.sinks.influxdb.EndOfPoints;
import io.regimestream.job.sinks.influxdb.InfluxDbSink;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The scoring tasks' step from outputs to the points topic, driven by Flink's operator harness:
 * one line per output, the end marker when the input ends, and the points an InfluxDB sink of
 * the former graph had buffered in a checkpoint, taken over under its uid.
 */
class InfluxPointLinesTest {

    private static final long EVENT_MS = 1_764_213_600_000L;

    private static JobOutput prediction(int i) {
        return JobOutput.of(new ScoredReading(
                new Prediction("press-0" + i, EVENT_MS + i, 50.0 + i, 1, 0.9, new double[] {0.1, 0.9}, "v1", EVENT_MS),
                0,
                i));
    }

    private static String line(int i) {
        return new JobOutputPoints().toLineProtocol(prediction(i));
    }

    private static OneInputStreamOperatorTestHarness<JobOutput, String> lines(int subtask) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new InfluxPointLines("run-7"), 128, 2, subtask);
    }

    @Test
    void eachOutputBecomesItsLineAndTheEndOfTheInputTheTasksMarker() throws Exception {
        try (var harness = lines(1)) {
            harness.open();
            harness.processElement(new StreamRecord<>(prediction(1)));
            harness.processElement(new StreamRecord<>(prediction(2)));
            harness.endInput();
            assertThat(harness.extractOutputValues())
                    .containsExactly(line(1), line(2), EndOfPoints.marker("run-7", 1, 2));
        }
    }

    @Test
    void thePointsTheFormerInfluxDbSinkHadBufferedGoOnToTheTopicBeforeTheNextCheckpoint() throws Exception {
        // The former graph's InfluxDB sink, as the job configured it, InfluxDB away: the points stay buffered.
        InfluxDbSink<JobOutput> formerSink = InfluxDbSink.<JobOutput>builder()
                .setUrl("http://127.0.0.1:" + freePort())
                .setDatabase("regimes")
                .setPointConverter(new JobOutputPoints())
                .setMaxTimeInBufferMS(Duration.ofHours(1).toMillis())
                .build();
        OperatorSubtaskState formerSinkState;
        try (OneInputStreamOperatorTestHarness<JobOutput, CommittableMessage<Void>> sink =
                new OneInputStreamOperatorTestHarness<>(new SinkWriterOperatorFactory<>(formerSink), 128, 2, 0)) {
            sink.open();
            for (int i = 0; i < 3; i++) {
                sink.processElement(new StreamRecord<>(prediction(i)));
            }
            formerSinkState = sink.snapshot(1, 1);
        }

        OperatorSubtaskState afterTakeOver;
        try (var harness = lines(0)) {
            harness.initializeState(formerSinkState);
            harness.open();
            harness.prepareSnapshotPreBarrier(2); // no new output yet: they leave before the barrier all the same
            assertThat(harness.extractOutputValues()).containsExactly(line(0), line(1), line(2));
            harness.processElement(new StreamRecord<>(prediction(3)));
            assertThat(harness.extractOutputValues()).containsExactly(line(0), line(1), line(2), line(3));
            afterTakeOver = harness.snapshot(2, 2);
        }
        try (var harness = lines(0)) {
            harness.initializeState(afterTakeOver);
            harness.open();
            harness.prepareSnapshotPreBarrier(3);
            assertThat(harness.extractOutputValues())
                    .as("taken over once, not again")
                    .isEmpty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
