package io.regimestream.job.sinks.influxdb;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@link InfluxDbFromKafka} records, on each completed checkpoint, how far InfluxDB has its
 * points: the offsets its checkpoint kept (per partition the oldest point not confirmed), as the
 * committed offsets of its consumer group. A job started afresh (without a checkpoint or savepoint)
 * resumes the topic there, so it skips no point that was read but never written; and the group's
 * lag is the backlog InfluxDB has yet to take. Kafka's own reader would commit its read position,
 * which runs ahead of InfluxDB by the writer's queue.
 */
@FunctionalInterface
public interface ConfirmedOffsets extends Serializable {

    /** Called once per reader, when it starts. */
    Committer open();

    /** Commits offsets; never blocks the task and never fails it (a failed commit is a WARN, the next one catches up). */
    interface Committer extends AutoCloseable {
        void commit(Map<TopicPartition, Long> offsets);

        @Override
        void close();
    }

    /**
     * Commits as consumer group {@code groupId} through Kafka's admin client. The writer's consumer
     * takes its partitions by assignment and never joins the group, so the group stays empty and
     * its offsets can be set from outside.
     */
    static ConfirmedOffsets toGroup(Properties kafka, String groupId) {
        Properties properties = new Properties();
        properties.putAll(kafka);
        return () -> new GroupCommitter(Admin.create(properties), groupId);
    }

    /** {@link #toGroup}'s committer. */
    final class GroupCommitter implements Committer {

        private static final Logger LOG = LoggerFactory.getLogger(ConfirmedOffsets.class);

        private final Admin admin;
        private final String groupId;
        private final AtomicBoolean failing = new AtomicBoolean();

        GroupCommitter(Admin admin, String groupId) {
            this.admin = admin;
            this.groupId = groupId;
        }

        @Override
        public void commit(Map<TopicPartition, Long> offsets) {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            offsets.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
            admin.alterConsumerGroupOffsets(groupId, commit).all().whenComplete((done, error) -> {
                if (error == null) {
                    if (failing.compareAndSet(true, false)) {
                        LOG.info("Committing consumer group {}'s offsets works again", groupId);
                    }
                } else if (failing.compareAndSet(false, true)) {
                    LOG.warn(
                            "Could not commit the InfluxDB writer's offsets as consumer group {} ({}); "
                                    + "checkpoints keep them, only a fresh start would read from an older offset",
                            groupId,
                            error.toString());
                }
            });
        }

        @Override
        public void close() {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
