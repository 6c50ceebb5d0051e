package io.regimestream.benchmarks.e2e;

import io.regimestream.job.config.JobConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Properties;

/**
 * The Kafka client settings the job's source and sinks use, for the raw-job loop: the job's
 * configured properties plus what KafkaSource (group id, no auto commit, from the earliest
 * offset) and the job's KafkaSinks (linger 5 ms unless set) add. Nothing tuned for the loop.
 */
final class JobClients {

    private JobClients() {
    }

    static Properties consumer(JobConfig config) {
        Properties p = config.kafkaProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    /** As KafkaSinks.create builds it for at-least-once. */
    static Properties producer(JobConfig config) {
        Properties p = config.kafkaProperties();
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        return p;
    }
}
