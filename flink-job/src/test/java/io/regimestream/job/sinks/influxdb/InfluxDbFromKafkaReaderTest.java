package io.regimestream.job.sinks.influxdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kafka-fed writer's reader around a stand-in for Kafka's reader and a delivery the test
 * answers by hand: it reads only while its queue has room, checkpoints the oldest unconfirmed
 * offsets, never sends comment lines and ends on its run's end markers.
 */
class InfluxDbFromKafkaReaderTest {

    private static final String TOPIC = "influxdb-points-test";
    private static final String RUN = "run-1";

    private final FakeKafkaReader kafka = new FakeKafkaReader();
    private final List<PointQueueTest.Request> requests = new CopyOnWriteArrayList<>();
    private final List<Map<TopicPartition, Long>> commits = new CopyOnWriteArrayList<>();
    private InfluxDbFromKafkaReader reader;

    private InfluxDbFromKafkaReader reader(int maxBatchSize, int maxInFlight, int maxBuffered) {
        reader = new InfluxDbFromKafkaReader(
                kafka,
                () -> new PointQueue(
                        lines -> {
                            CompletableFuture<Void> answer = new CompletableFuture<>();
                            requests.add(new PointQueueTest.Request(lines, answer));
                            return answer;
                        },
                        new PointQueue.Limits(maxBatchSize, 1 << 20, maxInFlight, maxBuffered, 60_000),
                        PointDelivery.daemonTimer("test-flush"),
                        () -> {}),
                () -> new ConfirmedOffsets.Committer() {
                    @Override
                    public void commit(Map<TopicPartition, Long> offsets) {
                        commits.add(offsets);
                    }

                    @Override
                    public void close() {}
                },
                new EndOfPoints(RUN));
        reader.start();
        return reader;
    }

    @AfterEach
    void close() throws Exception {
        reader.close();
    }

    private static KafkaPoint point(long offset) {
        return new KafkaPoint(0, offset, "machine_regime,machine=m1 regime=1i " + offset);
    }

    @Test
    void stopsReadingKafkaWhileItsQueueIsFullWithoutHoldingItsThread() throws Exception {
        reader(2, 1, 2);
        for (long offset = 0; offset < 10; offset++) {
            kafka.records.add(point(offset));
        }
        List<InputStatus> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(reader.pollNext(null));
        }
        assertThat(kafka.polled)
                .as("records taken from Kafka: 2 in flight, 2 buffered")
                .isEqualTo(4);
        assertThat(statuses.subList(4, 10)).containsOnly(InputStatus.NOTHING_AVAILABLE);
        CompletableFuture<Void> available = reader.isAvailable();
        assertThat(available).as("waits for InfluxDB, not for Kafka").isNotDone();

        requests.get(0).answer().complete(null);
        assertThat(available).isDone();
        assertThat(reader.pollNext(null)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(kafka.polled).isEqualTo(5);
    }

    @Test
    void checkpointsEachPartitionAtItsOldestPointInfluxDbHasNotConfirmed() throws Exception {
        reader(2, 4, 100);
        for (long offset = 100; offset < 105; offset++) {
            kafka.records.add(point(offset));
        }
        for (int i = 0; i < 5; i++) {
            reader.pollNext(null);
        }
        assertThat(requests)
                .as("two batches of two in flight, one point buffered")
                .hasSize(2);
        assertThat(startingOffsets(reader.snapshotState(1))).containsEntry(0, 100L);

        requests.get(1).answer().complete(null); // 102, 103 written; 100 still not
        assertThat(startingOffsets(reader.snapshotState(2))).containsEntry(0, 100L);
        requests.get(0).answer().complete(null);
        assertThat(startingOffsets(reader.snapshotState(3)))
                .as("the buffered point")
                .containsEntry(0, 104L);
    }

    @Test
    void aCompletedCheckpointCommitsWhatItKeptNotKafkasReadPosition() throws Exception {
        reader(2, 1, 100);
        for (long offset = 10; offset < 15; offset++) {
            kafka.records.add(point(offset));
            reader.pollNext(null);
        }
        reader.snapshotState(1);
        reader.snapshotState(2);
        assertThat(commits).as("nothing before a checkpoint completes").isEmpty();

        reader.notifyCheckpointComplete(2);
        assertThat(commits)
                .as("InfluxDB confirmed nothing yet: the group stays at the oldest point, not at 15")
                .containsExactly(Map.of(new TopicPartition(TOPIC, 0), 10L));
        reader.notifyCheckpointComplete(1); // older than the one committed: nothing left to commit
        assertThat(commits).hasSize(1);

        requests.get(0).answer().complete(null); // 10, 11 written; 12, 13 in flight next
        reader.snapshotState(3);
        reader.notifyCheckpointComplete(3);
        assertThat(commits.get(1)).isEqualTo(Map.of(new TopicPartition(TOPIC, 0), 12L));
    }

    @Test
    void whenEverythingIsConfirmedTheCheckpointIsKafkasOwnPosition() throws Exception {
        reader(1, 4, 100);
        kafka.records.add(point(7));
        reader.pollNext(null);
        requests.get(0).answer().complete(null);
        assertThat(startingOffsets(reader.snapshotState(1))).containsEntry(0, 8L);
    }

    @Test
    void sendsNoCommentAndEndsOnceEveryTaskOfItsRunEndedAndAllIsWritten() throws Exception {
        reader(10, 4, 100);
        kafka.records.add(point(0));
        kafka.records.add(new KafkaPoint(0, 1, EndOfPoints.marker("an-earlier-run", 0, 1)));
        kafka.records.add(new KafkaPoint(0, 2, "# a comment"));
        kafka.records.add(new KafkaPoint(0, 3, EndOfPoints.marker(RUN, 1, 2)));
        kafka.records.add(point(4)); // task 0's last point comes after task 1's marker
        kafka.records.add(new KafkaPoint(0, 5, EndOfPoints.marker(RUN, 0, 2)));
        List<InputStatus> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(reader.pollNext(null));
        }
        assertThat(statuses.get(5))
                .as("both tasks ended, a point not yet confirmed")
                .isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(startingOffsets(reader.snapshotState(1)))
                .as("a restored writer reads the markers again")
                .containsEntry(0, 0L);
        CompletableFuture<Void> available = reader.isAvailable();
        assertThat(available).isNotDone();

        org.awaitility.Awaitility.await().until(() -> !requests.isEmpty());
        requests.forEach(r -> r.answer().complete(null));
        assertThat(available).isDone();
        assertThat(reader.pollNext(null)).isEqualTo(InputStatus.END_OF_INPUT);
        assertThat(requests.stream().flatMap(r -> r.lines().stream()))
                .as("points only: no marker, no comment")
                .containsExactly(point(0).line(), point(4).line());
        assertThat(startingOffsets(reader.snapshotState(2)))
                .as("until it ends, the first marker of its run stays unconfirmed")
                .containsEntry(0, 3L);
    }

    private static Map<Integer, Long> startingOffsets(List<KafkaPartitionSplit> splits) {
        Map<Integer, Long> offsets = new TreeMap<>();
        splits.forEach(s -> offsets.put(s.getPartition(), s.getStartingOffset()));
        return offsets;
    }

    /** Kafka's reader as the writer sees it: one record per poll, and its position per partition. */
    private static final class FakeKafkaReader implements SourceReader<KafkaPoint, KafkaPartitionSplit> {
        final ArrayDeque<KafkaPoint> records = new ArrayDeque<>();
        final Map<Integer, Long> next = new TreeMap<>(Map.of(0, 0L));
        int polled;

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<KafkaPoint> output) {
            KafkaPoint point = records.poll();
            if (point == null) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            polled++;
            next.put(point.partition(), point.offset() + 1);
            output.createOutputForSplit(TOPIC + "-" + point.partition()).collect(point);
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
            List<KafkaPartitionSplit> splits = new ArrayList<>();
            next.forEach((partition, offset) ->
                    splits.add(new KafkaPartitionSplit(new TopicPartition(TOPIC, partition), offset)));
            return splits;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return new CompletableFuture<>(); // no more records come in these tests
        }

        @Override
        public void addSplits(List<KafkaPartitionSplit> splits) {}

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void close() {}
    }
}
