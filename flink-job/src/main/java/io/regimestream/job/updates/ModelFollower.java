package io.regimestream.job.updates;

import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.ModelArtifact;
import io.regimestream.model.RegimeModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the control topic for one scoring task, on a thread of its own, so the task thread never
 * waits for Kafka, a model location or JPMML: each announcement is read, fetched and checked by
 * {@link ModelArtifact#fetch} (the one place announcements are checked) and loaded completely by
 * {@link RegimeModel#load(ModelArtifact)}; the result, a ready model or the reason it was rejected,
 * is queued for the task thread ({@link #poll()}), in topic order. It keeps the shadow model the task
 * will have once it applied what is queued, so an active announcement of the shadow's version and
 * sha256 promotes it without reading or loading it again ({@link ModelUpdate#prepare}).
 *
 * <p>Its own consumer, without a group: it {@code assign}s every partition of the topic and starts
 * at the given offsets (a restored task) or at the first announcement published since
 * {@code followFromMillis} (a fresh start). A topic that does not exist yet is looked for again
 * every {@link #DISCOVERY_INTERVAL}, as are new partitions.
 */
public final class ModelFollower implements AutoCloseable {

    static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);

    private final Properties consumerProperties;
    private final String topic;
    private final long followFromMillis;
    private final Map<Integer, Long> startOffsets;
    private final String task;
    private final AnnouncementPolicy policy;
    private LoadedModel shadow; // follower thread only
    private final Queue<ModelUpdate> updates = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param kafka            the job's Kafka client settings (bootstrap servers, security)
     * @param startOffsets     partition -> next offset, from a checkpoint; partitions not in it start at
     *                         {@code followFromMillis}
     * @param task             names the task in logs and the thread's name
     * @param shadow           the task's shadow model at {@code startOffsets} (restored), or null
     */
    public ModelFollower(
            Properties kafka,
            String topic,
            long followFromMillis,
            Map<Integer, Long> startOffsets,
            String task,
            AnnouncementPolicy policy,
            LoadedModel shadow) {
        this.policy = policy;
        this.shadow = shadow;
        this.consumerProperties = consumerProperties(kafka, task);
        this.topic = topic;
        this.followFromMillis = followFromMillis;
        this.startOffsets = new HashMap<>(startOffsets);
        this.task = task;
        this.thread = new Thread(this::run, "model-follower " + topic + " " + task);
        this.thread.setDaemon(true);
    }

    private static Properties consumerProperties(Properties kafka, String task) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"); // looking for the topic must not create it
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // only for an offset that no longer exists
        p.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "model-follower-" + task.replace(' ', '-').replace('/', '-'));
        return p;
    }

    public void start() {
        thread.start();
    }

    /** The next prepared announcement, or null; cheap enough to call for every record (one volatile read when empty). */
    public ModelUpdate poll() {
        return updates.isEmpty() ? null : updates.poll();
    }

    public boolean hasUpdates() {
        return !updates.isEmpty();
    }

    /** Throws what stopped the follower, so the task fails (and restarts) instead of silently ignoring announcements. */
    public void checkHealthy() throws Exception {
        Throwable t = failure;
        if (t != null) {
            throw new Exception("following the model topic " + topic + " failed: " + t.getMessage(), t);
        }
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> kafka =
                new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            long nextDiscovery = 0;
            boolean waitingForTopic = false;
            while (running) {
                if (System.currentTimeMillis() >= nextDiscovery) {
                    boolean found = discover(kafka);
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
                    updates.add(prepare(record));
                }
            }
        } catch (WakeupException | InterruptedException e) {
            if (running) {
                failure = e;
            }
        } catch (Throwable t) {
            if (running) {
                LOG.error("{}: stopped following the model topic {}", task, topic, t);
                failure = t;
            }
        }
    }

    /** Prepares one announcement and keeps track of the shadow model the task will have after applying it. */
    private ModelUpdate prepare(ConsumerRecord<byte[], byte[]> record) {
        ModelUpdate update = ModelUpdate.prepare(
                record.topic(), record.partition(), record.offset(), record.value(), policy, shadow);
        if (update.isReady() && update.isShadow()) {
            shadow = new LoadedModel(update.artifact(), update.model());
        } else if (shadow != null && update.promotes(shadow.artifact())) {
            shadow = null;
        }
        return update;
    }

    /** Sleeps without being interrupted (an interrupt would break the consumer's close), but stops early on close. */
    private void pause(Duration duration) throws InterruptedException {
        long until = System.nanoTime() + duration.toNanos();
        while (running && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    /** Assigns new partitions of the topic; false when the topic does not exist (yet). */
    private boolean discover(KafkaConsumer<byte[], byte[]> kafka) {
        List<PartitionInfo> infos;
        try {
            infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
        } catch (org.apache.kafka.common.errors.UnknownTopicOrPartitionException
                | org.apache.kafka.common.errors.TimeoutException e) {
            return false;
        }
        if (infos == null || infos.isEmpty()) {
            return false;
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
            Long restored = startOffsets.get(tp.partition());
            if (restored != null) {
                kafka.seek(tp, restored);
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
                kafka.seek(tp, first != null ? first.offset() : ends.get(tp));
            }
        }
        LOG.info(
                "{}: following model announcements on {} partition(s) {}",
                task,
                topic,
                added.stream().map(TopicPartition::partition).toList());
        return true;
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
