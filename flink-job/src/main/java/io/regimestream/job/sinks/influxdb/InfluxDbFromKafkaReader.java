package io.regimestream.job.sinks.influxdb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.kafka.common.TopicPartition;

/**
 * The reader of {@link InfluxDbFromKafka}: a Kafka source reader whose records go into a {@link
 * PointQueue} for InfluxDB instead of downstream. It reads only while the queue has room and
 * otherwise answers "nothing available" with a future that completes when InfluxDB confirms a
 * batch, so the task's thread stays free and checkpoints complete whatever InfluxDB does. The
 * checkpointed position of each partition is its oldest point InfluxDB has not confirmed: a
 * restored writer reads those points again (at-least-once; InfluxDB overwrites a point with the
 * same series and time, so a point written twice is still one point).
 */
final class InfluxDbFromKafkaReader implements SourceReader<Void, KafkaPartitionSplit> {

    private final SourceReader<KafkaPoint, KafkaPartitionSplit> kafka;
    private final Supplier<PointQueue> queueFactory;
    private final ConfirmedOffsets confirmedOffsets;
    private final EndOfPoints end;
    private final IntoQueue intoQueue = new IntoQueue();
    /** The offsets each checkpoint kept, committed as the group's once the checkpoint completes. */
    private final NavigableMap<Long, Map<TopicPartition, Long>> checkpointed = new TreeMap<>();

    private PointQueue queue;
    private ConfirmedOffsets.Committer committer;
    private boolean kafkaEnded;

    /**
     * @param kafka        Kafka's reader of the points topic
     * @param queueFactory     opens the way to InfluxDB when the reader starts (it checks access then, and may fail)
     * @param confirmedOffsets where the offsets of each completed checkpoint are committed
     * @param end              this run's end markers
     */
    InfluxDbFromKafkaReader(
            SourceReader<KafkaPoint, KafkaPartitionSplit> kafka,
            Supplier<PointQueue> queueFactory,
            ConfirmedOffsets confirmedOffsets,
            EndOfPoints end) {
        this.kafka = kafka;
        this.queueFactory = queueFactory;
        this.confirmedOffsets = confirmedOffsets;
        this.end = end;
    }

    @Override
    public void start() {
        queue = queueFactory.get();
        committer = confirmedOffsets.open();
        kafka.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<Void> output) throws Exception {
        queue.throwIfFailed();
        if (end.reached() || kafkaEnded) {
            return ending();
        }
        if (queue.isFull()) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        InputStatus status = kafka.pollNext(intoQueue);
        if (status == InputStatus.END_OF_INPUT) {
            kafkaEnded = true;
        }
        return end.reached() || kafkaEnded ? ending() : status;
    }

    /** The input is over: whatever is buffered goes now, and the reader ends once InfluxDB has it all. */
    private InputStatus ending() {
        queue.flush();
        return queue.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (end.reached() || kafkaEnded) {
            return queue.whenEmpty();
        }
        if (queue.isFull()) {
            return queue.whenRoom();
        }
        return CompletableFuture.anyOf(kafka.isAvailable(), queue.whenFailed()).thenApply(ignored -> null);
    }

    /**
     * Kafka's splits, each at its oldest point InfluxDB has not confirmed (or this run's first end
     * marker), where Kafka's reader would have put the next record to read.
     */
    @Override
    public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
        List<KafkaPartitionSplit> splits = new ArrayList<>();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (KafkaPartitionSplit split : kafka.snapshotState(checkpointId)) {
            long start = split.getStartingOffset();
            OptionalLong unconfirmed =
                    earliest(queue.oldestUnconfirmed(split.getPartition()), end.firstMarker(split.getPartition()));
            if (unconfirmed.isPresent() && (start < 0 || unconfirmed.getAsLong() < start)) {
                start = unconfirmed.getAsLong();
            }
            splits.add(new KafkaPartitionSplit(
                    split.getTopicPartition(),
                    start,
                    split.getStoppingOffset().orElse(KafkaPartitionSplit.NO_STOPPING_OFFSET)));
            if (start >= 0) {
                offsets.put(split.getTopicPartition(), start);
            }
        }
        checkpointed.put(checkpointId, offsets);
        return splits;
    }

    private static OptionalLong earliest(OptionalLong a, OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong()));
    }

    @Override
    public void addSplits(List<KafkaPartitionSplit> splits) {
        kafka.addSplits(splits);
    }

    @Override
    public void notifyNoMoreSplits() {
        kafka.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        kafka.handleSourceEvents(event);
    }

    @Override
    public void pauseOrResumeSplits(java.util.Collection<String> toPause, java.util.Collection<String> toResume) {
        kafka.pauseOrResumeSplits(toPause, toResume);
    }

    /** Commits what the completed checkpoint kept (older checkpoints' offsets are then out of date). */
    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        Map<TopicPartition, Long> offsets = checkpointed.get(checkpointId);
        checkpointed.headMap(checkpointId, true).clear();
        if (offsets != null && !offsets.isEmpty()) {
            committer.commit(offsets);
        }
        kafka.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        kafka.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void close() throws Exception {
        try {
            if (queue != null) {
                queue.close();
            }
            if (committer != null) {
                committer.close();
            }
        } finally {
            kafka.close();
        }
    }

    /** Where Kafka's reader emits: points into the queue, this run's end markers to {@link EndOfPoints}. */
    private final class IntoQueue implements ReaderOutput<KafkaPoint> {

        @Override
        public void collect(KafkaPoint point) {
            if (point.isComment()) {
                end.seen(point);
            } else {
                queue.add(point);
            }
        }

        @Override
        public void collect(KafkaPoint point, long timestamp) {
            collect(point);
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        @Override
        public SourceOutput<KafkaPoint> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }
}
