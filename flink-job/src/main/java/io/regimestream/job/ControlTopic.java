package io.regimestream.job;

import io.regimestream.job.config.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of the model control topic ({@code --model-topic}): <b>one partition</b>, so the
 * announcements are one ordered stream that every scoring task reads in the same order (Kafka
 * orders nothing across partitions; the signed sequence refuses an older announcement after a
 * newer one either way), and <b>kept for good</b> ({@code retention.ms=-1}): a restored task reads
 * an inline model again from its announcement on the topic. The job creates it so ({@link #newTopic})
 * and checks it at start ({@link #check}): more than one partition fails the start; a finite
 * retention, a topic it may not describe, or one that does not exist yet, is a WARN.
 */
public final class ControlTopic {

    public static final int PARTITIONS = 1;

    /** Kept for good: a restored task reads an inline model again from its announcement. */
    public static final Map<String, String> CONFIG =
            Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.CLEANUP_POLICY_CONFIG, "delete");

    private static final Logger LOG = LoggerFactory.getLogger(ControlTopic.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ControlTopic() {}

    /** The control topic as the job creates it: one partition, kept for good. */
    public static NewTopic newTopic(String name, Optional<Short> replicationFactor) {
        return new NewTopic(name, Optional.of(PARTITIONS), replicationFactor).configs(CONFIG);
    }

    /**
     * Checks the control topic {@code topic} before the job starts.
     *
     * @throws IllegalArgumentException when it has more than one partition, saying how to fix it
     */
    public static void check(KafkaSettings kafka, String topic) {
        var props = kafka.clientProperties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(props)) {
            TopicDescription description = admin.describeTopics(List.of(topic))
                    .topicNameValues()
                    .get(topic)
                    .get(TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
            int partitions = description.partitions().size();
            if (partitions != PARTITIONS) {
                throw new IllegalArgumentException("the model control topic " + topic + " has " + partitions
                        + " partitions, but model announcements must be one ordered stream: it needs exactly one "
                        + "(delete it and create it again with one partition and retention.ms=-1, e.g. "
                        + "kafka-topics.sh --create --topic " + topic + " --partitions 1 --config retention.ms=-1, "
                        + "then publish the current model again)");
            }
            warnAboutRetention(admin, topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the model control topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof UnknownTopicOrPartitionException) {
                LOG.warn(
                        "The model control topic {} does not exist (yet); starting anyway: the scoring tasks score "
                                + "with the current model and follow it once it exists (create it with one partition "
                                + "and retention.ms=-1, e.g. kafka-topics.sh --create --topic {} --partitions 1 "
                                + "--config retention.ms=-1)",
                        topic,
                        topic);
                return;
            }
            LOG.warn(
                    "Could not check the model control topic {} ({}: {}); starting anyway: the scoring tasks follow it "
                            + "once they can, scoring with the current model meanwhile",
                    topic,
                    cause.getClass().getSimpleName(),
                    cause.getMessage());
        }
    }

    private static void warnAboutRetention(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config;
        try {
            config = admin.describeConfigs(List.of(resource))
                    .values()
                    .get(resource)
                    .get(TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                return; // may not read its configuration: nothing to say
            }
            throw e;
        }
        ConfigEntry retention = config.get(TopicConfig.RETENTION_MS_CONFIG);
        if (retention != null && !"-1".equals(retention.value())) {
            LOG.warn(
                    "The model control topic {} deletes announcements after retention.ms={}: a job restored after that "
                            + "cannot read an inline model again and falls back to --model (set retention.ms=-1)",
                    topic,
                    retention.value());
        }
    }
}
