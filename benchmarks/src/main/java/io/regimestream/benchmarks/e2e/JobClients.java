package io.regimestream.benchmarks.e2e;

import io.regimestream.job.config.JobConfig;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings the job's source and sink use, for the raw loops: the job's
 * configured properties plus what the job's source (group id, 2,000 records per poll unless set,
 * no auto commit, from the earliest offset) and its KafkaSinks ({@code --producer-linger} unless
 * set) add. Nothing tuned for the loops. Mirrors KafkaPipelineIo.source and
 * KafkaSinks.create: keep in step with them.
 */
public final class JobClients {

    private JobClients() {}

    public static Properties consumer(JobConfig config) {
        Properties p = config.kafka().clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.kafka().groupId());
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    /** As KafkaSinks.create builds it for at-least-once. */
    public static Properties producer(JobConfig config) {
        Properties p = config.kafka().clientProperties();
        p.putIfAbsent(
                ProducerConfig.LINGER_MS_CONFIG,
                String.valueOf(config.kafka().producerLinger().toMillis()));
        return p;
    }
}
