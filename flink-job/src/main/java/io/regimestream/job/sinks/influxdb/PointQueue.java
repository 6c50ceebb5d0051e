package io.regimestream.job.sinks.influxdb;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The points {@link InfluxDbFromKafka} has read and InfluxDB has not confirmed yet: buffered, then
 * sent in batches (a full batch at once, a partial one once its oldest point has waited
 * {@code maxTimeInBuffer}), at most {@code maxInFlight} requests at a time. It never blocks: the
 * reader asks {@link #isFull()} before reading more, and waits on {@link #whenRoom()} without
 * holding its thread, so checkpoints go on during an outage. Per partition it knows the oldest
 * offset not yet confirmed ({@link #oldestUnconfirmed(int)}), which is what the reader's
 * checkpoint keeps: nothing in flight or buffered needs to be in the checkpoint, Kafka has it.
 *
 * <p>Thread-safe: the task thread adds, HTTP and timer threads complete batches.
 */
final class PointQueue implements AutoCloseable {

    /** Sends one batch; the future completes when InfluxDB has it (or refused points are stored elsewhere). */
    @FunctionalInterface
    interface Delivery {
        CompletableFuture<Void> deliver(List<String> lines);
    }

    /**
     * @param maxBatchSize       most points per request
     * @param maxBatchBytes      most bytes per request (a single larger point goes alone)
     * @param maxInFlight        most requests at once
     * @param maxBuffered        points read but not yet in a request, at most; then the reader waits
     * @param maxTimeInBufferMs  a partial batch is sent once its oldest point waited this long
     */
    record Limits(int maxBatchSize, long maxBatchBytes, int maxInFlight, int maxBuffered, long maxTimeInBufferMs)
            implements java.io.Serializable {}

    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    private final Delivery delivery;
    private final Limits limits;
    private final ScheduledExecutorService timer;
    private final AutoCloseable onClose;

    private final ArrayDeque<KafkaPoint> unsent = new ArrayDeque<>();
    private long unsentBytes;
    private long oldestUnsentNanos;
    private boolean flushScheduled;
    private int inFlight;
    private long inFlightPoints;
    /** Per partition, the batches in flight holding its points, oldest first. */
    private final Map<Integer, ArrayDeque<Batch>> inFlightByPartition = new HashMap<>();

    private Throwable failure;
    private final CompletableFuture<Void> failed = new CompletableFuture<>();
    private CompletableFuture<Void> changed = new CompletableFuture<>();
    private boolean closed;
    /** After {@link #flush()}: every completion sends what is left at once. */
    private boolean flushing;

    /**
     * @param timer   sends partial batches on time; shut down on {@link #close()}
     * @param onClose what else to close with the queue (the delivery's HTTP client)
     */
    PointQueue(Delivery delivery, Limits limits, ScheduledExecutorService timer, AutoCloseable onClose) {
        this.delivery = delivery;
        this.limits = limits;
        this.timer = timer;
        this.onClose = onClose;
    }

    /** A batch: its points until sent, its first offset in each partition it holds points of. */
    private static final class Batch {
        final Map<Integer, Long> firstOffsets = new LinkedHashMap<>();
        final List<String> lines;
        boolean confirmed;

        Batch(int capacity) {
            lines = new ArrayList<>(capacity);
        }
    }

    /** Queues a point read from Kafka; sends a batch if one is full. Call only when not {@link #isFull()}. */
    void add(KafkaPoint point) {
        synchronized (this) {
            if (unsent.isEmpty()) {
                oldestUnsentNanos = System.nanoTime();
                scheduleFlush(limits.maxTimeInBufferMs());
            }
            unsent.add(point);
            unsentBytes += bytes(point);
            sendReady(false);
        }
    }

    /** Sends what is buffered now, as far as the in-flight bound allows (at the end of the input: no point waits). */
    synchronized void flush() {
        if (failure == null && !closed) {
            flushing = true;
            sendReady(true);
        }
    }

    /** True when the reader must wait: as many points are buffered as allowed (or a batch failed for good). */
    synchronized boolean isFull() {
        return unsent.size() >= limits.maxBuffered() || failure != null;
    }

    /** True when every point added is confirmed. */
    synchronized boolean isEmpty() {
        return unsent.isEmpty() && inFlight == 0;
    }

    /** Points read and not yet confirmed by InfluxDB (buffered or in flight). */
    synchronized long pending() {
        return unsent.size() + inFlightPoints;
    }

    /** Completes when {@link #isFull()} may have become false (or the queue failed). */
    synchronized CompletableFuture<Void> whenRoom() {
        return isFull() && failure == null ? changed : NOW;
    }

    /** Completes when {@link #isEmpty()} may have become true (or the queue failed). */
    synchronized CompletableFuture<Void> whenEmpty() {
        return isEmpty() || failure != null ? NOW : changed;
    }

    /** Completes when a batch failed for good. */
    CompletableFuture<Void> whenFailed() {
        return failed;
    }

    /** Throws what made a batch fail for good (authentication, access; the retry limit, if one is set). */
    synchronized void throwIfFailed() throws Exception {
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure != null) {
            throw new InfluxDbSinkException(failure.toString());
        }
    }

    /**
     * The offset of the oldest point of {@code partition} that InfluxDB has not confirmed, where a
     * writer restored from a checkpoint must read again; empty when all of its points are confirmed.
     */
    synchronized OptionalLong oldestUnconfirmed(int partition) {
        ArrayDeque<Batch> batches = inFlightByPartition.get(partition);
        if (batches != null && !batches.isEmpty()) {
            return OptionalLong.of(batches.getFirst().firstOffsets.get(partition));
        }
        for (KafkaPoint point : unsent) { // in-flight points of a partition come before its buffered ones
            if (point.partition() == partition) {
                return OptionalLong.of(point.offset());
            }
        }
        return OptionalLong.empty();
    }

    /** Sends what is ready: full batches, and with {@code partialToo} also a last partial one. */
    private void sendReady(boolean partialToo) {
        while (inFlight < limits.maxInFlight()
                && !unsent.isEmpty()
                && (partialToo || unsent.size() >= limits.maxBatchSize() || unsentBytes >= limits.maxBatchBytes())) {
            send(takeBatch());
        }
    }

    private Batch takeBatch() {
        Batch batch = new Batch(Math.min(unsent.size(), limits.maxBatchSize()));
        List<String> lines = batch.lines;
        long batchBytes = 0;
        Iterator<KafkaPoint> points = unsent.iterator();
        while (points.hasNext() && lines.size() < limits.maxBatchSize()) {
            KafkaPoint point = points.next();
            long size = bytes(point);
            if (!lines.isEmpty() && batchBytes + size > limits.maxBatchBytes()) {
                break;
            }
            points.remove();
            unsentBytes -= size;
            batchBytes += size;
            lines.add(point.line());
            batch.firstOffsets.putIfAbsent(point.partition(), point.offset());
        }
        oldestUnsentNanos = System.nanoTime(); // the points left arrived after those taken
        return batch;
    }

    private void send(Batch batch) {
        List<String> lines = List.copyOf(batch.lines);
        batch.lines.clear(); // the delivery holds them while in flight
        inFlight++;
        inFlightPoints += lines.size();
        batch.firstOffsets
                .keySet()
                .forEach(partition -> inFlightByPartition
                        .computeIfAbsent(partition, p -> new ArrayDeque<>())
                        .addLast(batch));
        CompletableFuture<Void> done;
        try {
            done = delivery.deliver(lines);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        int size = lines.size();
        done.whenComplete((ok, error) -> completed(batch, size, error));
    }

    private void completed(Batch batch, int size, Throwable error) {
        CompletableFuture<Void> toSignal;
        boolean failedNow = false;
        synchronized (this) {
            inFlight--;
            inFlightPoints -= size;
            batch.confirmed = error == null;
            if (error != null) {
                failedNow = failure == null;
                failure = failedNow ? PointDelivery.unwrap(error) : failure;
            } else {
                for (Integer partition : batch.firstOffsets.keySet()) {
                    ArrayDeque<Batch> batches = inFlightByPartition.get(partition);
                    while (!batches.isEmpty() && batches.getFirst().confirmed) {
                        batches.removeFirst();
                    }
                    if (batches.isEmpty()) {
                        inFlightByPartition.remove(partition);
                    }
                }
            }
            if (failure == null && !closed) {
                sendReady(flushing || waitedLongEnough());
            }
            toSignal = changed;
            changed = new CompletableFuture<>();
        }
        // outside the lock: they wake the task's mailbox
        if (failedNow) {
            failed.complete(null);
        }
        toSignal.complete(null);
    }

    private boolean waitedLongEnough() {
        return !unsent.isEmpty()
                && System.nanoTime() - oldestUnsentNanos >= TimeUnit.MILLISECONDS.toNanos(limits.maxTimeInBufferMs());
    }

    private void scheduleFlush(long delayMs) {
        if (flushScheduled || closed) {
            return;
        }
        flushScheduled = true;
        try {
            timer.schedule(this::flushOnTime, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            flushScheduled = false;
        }
    }

    private synchronized void flushOnTime() {
        flushScheduled = false;
        if (closed || failure != null || unsent.isEmpty()) {
            return;
        }
        if (waitedLongEnough()) {
            sendReady(true); // if all requests are in flight, the next completion sends it
        }
        if (!unsent.isEmpty()) {
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldestUnsentNanos);
            scheduleFlush(Math.max(1, limits.maxTimeInBufferMs() - waitedMs));
        }
    }

    private static long bytes(KafkaPoint point) {
        return InfluxDbSinkWriter.utf8Length(point.line()) + 1; // + the newline before the next point
    }

    @Override
    public void close() throws Exception {
        synchronized (this) {
            closed = true;
        }
        timer.shutdownNow();
        onClose.close();
    }
}
