package io.regimestream.job.updates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the control topic for one scoring task, on a thread of its own (stack
 * {@link ContainedWork#STACK_BYTES}), so the task thread never waits for Kafka, a model location or
 * JPMML: each record is decided by {@link ModelUpdates} (checks, sequence, fetch and load, all
 * contained) and the decision is queued for the task thread ({@link #poll()}), in topic order.
 *
 * <p>Its own consumer, without a group, reading committed records only (the job's canary reports are
 * written in its transactions): it {@code assign}s every partition of the topic and starts
 * at the given offsets (a restored task) or at the first announcement published since
 * {@code followFromMillis} (a fresh start). A topic that does not exist yet is looked for again
 * every {@link #DISCOVERY_INTERVAL}, as are new partitions.
 *
 * <p><b>Never fails the task.</b> A control topic it may not read (no ACL), a broker it cannot
 * reach, any error of its consumer: the task scores on with the model it has, the follower logs a
 * WARN saying so, counts it ({@link #errors()}, {@link #available()} false) and tries again with a
 * new consumer after a back-off ({@link #RETRY_MIN} doubling to {@link #RETRY_MAX}), from where it
 * left off.
 */
public final class ModelFollower implements AutoCloseable {

    static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(2);
    static final Duration RETRY_MIN = Duration.ofSeconds(2);
    static final Duration RETRY_MAX = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);

    private final Properties consumerProperties;
    private final String topic;
    private final long followFromMillis;
    private final Map<Integer, Long> positions; // follower thread only: next offset per partition
    private final String task;
    private final ModelUpdates decisions;
    private final Queue<ModelUpdate> updates = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean available = true;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private boolean warnedAboutPartitions;
    private Duration backoff = RETRY_MIN; // follower thread only

    /**
     * @param kafka        the job's Kafka client settings (bootstrap servers, security)
     * @param startOffsets partition -> next offset, from a checkpoint; partitions not in it start at
     *                     {@code followFromMillis}
     * @param task         names the task in logs and the thread's name
     * @param decisions    decides each record, knowing what the task has applied
     */
    public ModelFollower(
            Properties kafka,
            String topic,
            long followFromMillis,
            Map<Integer, Long> startOffsets,
            String task,
            ModelUpdates decisions) {
        this.consumerProperties = consumerProperties(kafka, task);
        this.topic = topic;
        this.followFromMillis = followFromMillis;
        this.positions = new HashMap<>(startOffsets);
        this.task = task;
        this.decisions = decisions;
        this.thread = new Thread(null, this::run, "model-follower " + topic + " " + task, ContainedWork.STACK_BYTES);
        this.thread.setDaemon(true);
    }

    /** A consumer of the control topic without a group, named after {@code task}. */
    static Properties consumerProperties(Properties kafka, String task) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"); // looking for the topic must not create it
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // only for an offset that no longer exists
        // Canary reports reach the topic in the job's transactions: one of an aborted attempt must not count.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "model-follower-" + task.replace(' ', '-').replace('/', '-'));
        return p;
    }

    public void start() {
        thread.start();
    }

    /** The next decision, or null; cheap enough to call for every record (one volatile read when empty). */
    public ModelUpdate poll() {
        return updates.isEmpty() ? null : updates.poll();
    }

    public boolean hasUpdates() {
        return !updates.isEmpty();
    }

    /** False while the control topic cannot be read (not authorized, unreachable, ...): announcements wait. */
    public boolean available() {
        return available;
    }

    /** Times following the control topic failed and was tried again. */
    public long errors() {
        return errors.get();
    }

    private void run() {
        while (running) {
            try {
                follow();
                return; // stopped
            } catch (Throwable t) { // whatever it is, the task scores on with its model
                if (!running) {
                    return;
                }
                errors.incrementAndGet();
                available = false;
                LOG.warn(
                        "{}: cannot follow the model topic {} ({}): scoring on with the current model; trying again "
                                + "in {} s",
                        task,
                        topic,
                        reason(t),
                        backoff.toSeconds());
                LOG.debug("{}: following the model topic {} failed", task, topic, t);
            }
            try {
                pause(backoff);
            } catch (InterruptedException e) {
                return;
            }
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : doubled;
        }
    }

    /** Reads the topic with a new consumer until stopped; throws what stops it otherwise. */
    private void follow() throws InterruptedException {
        try (KafkaConsumer<byte[], byte[]> kafka =
                new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            long nextDiscovery = 0;
            boolean waitingForTopic = false;
            while (running) {
                if (System.currentTimeMillis() >= nextDiscovery) {
                    boolean found = discover(kafka);
                    backoff = RETRY_MIN;
                    if (!available) {
                        available = true;
                        LOG.info("{}: following the model topic {} again", task, topic);
                    }
                    if (!found && !waitingForTopic) {
                        LOG.info(
                                "{}: model topic {} does not exist yet; looking again every {} s",
                                task,
                                topic,
                                DISCOVERY_INTERVAL.toSeconds());
                    }
                    waitingForTopic = !found;
                    nextDiscovery = System.currentTimeMillis() + DISCOVERY_INTERVAL.toMillis();
                }
                if (kafka.assignment().isEmpty()) {
                    pause(DISCOVERY_INTERVAL);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : kafka.poll(POLL)) {
                    updates.add(decisions.prepare(record.topic(), record.partition(), record.offset(), record.value()));
                    positions.put(record.partition(), record.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer = null;
        }
    }

    /** Sleeps without being interrupted (an interrupt would break the consumer's close), but stops early on close. */
    private void pause(Duration duration) throws InterruptedException {
        long until = System.nanoTime() + duration.toNanos();
        while (running && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    /**
     * Assigns new partitions of the topic; false when the topic does not exist (yet). Throws when the
     * topic cannot be described (not authorized, broker unreachable).
     */
    private boolean discover(KafkaConsumer<byte[], byte[]> kafka) {
        List<PartitionInfo> infos;
        try {
            infos = kafka.partitionsFor(topic, METADATA_TIMEOUT);
        } catch (UnknownTopicOrPartitionException e) {
            return false;
        }
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        if (infos.size() > 1 && !warnedAboutPartitions) {
            warnedAboutPartitions = true;
            LOG.warn(
                    "{}: the model topic {} has {} partitions: announcements on different partitions have no order "
                            + "(the sequence still refuses an older one after a newer one); it should have one",
                    task,
                    topic,
                    infos.size());
        }
        Set<TopicPartition> assigned = kafka.assignment();
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : infos) {
            TopicPartition tp = new TopicPartition(topic, info.partition());
            if (!assigned.contains(tp)) {
                added.add(tp);
            }
        }
        if (added.isEmpty()) {
            return true;
        }
        List<TopicPartition> all = new ArrayList<>(assigned);
        all.addAll(added);
        kafka.assign(all);
        List<TopicPartition> fromTime = new ArrayList<>();
        for (TopicPartition tp : added) {
            Long known = positions.get(tp.partition());
            if (known != null) {
                kafka.seek(tp, known);
            } else {
                fromTime.add(tp);
            }
        }
        if (!fromTime.isEmpty()) {
            // End offsets first: when nothing was published since followFromMillis, every record before
            // them is older, so starting there skips nothing new.
            Map<TopicPartition, Long> ends = kafka.endOffsets(fromTime);
            Map<TopicPartition, Long> query = new HashMap<>();
            fromTime.forEach(tp -> query.put(tp, followFromMillis));
            Map<TopicPartition, OffsetAndTimestamp> since = kafka.offsetsForTimes(query);
            for (TopicPartition tp : fromTime) {
                OffsetAndTimestamp first = since.get(tp);
                long start = first != null ? first.offset() : ends.get(tp);
                kafka.seek(tp, start);
                positions.put(tp.partition(), start);
            }
        }
        LOG.info(
                "{}: following model announcements on {} partition(s) {}",
                task,
                topic,
                added.stream().map(TopicPartition::partition).toList());
        return true;
    }

    private static String reason(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** Stops the thread and closes its consumer; waits a little for it. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup(); // ends a poll or metadata wait at once; the thread then closes the consumer itself
        }
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
