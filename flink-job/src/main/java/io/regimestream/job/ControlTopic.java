package io.regimestream.job;

import io.regimestream.common.kafka.KafkaAdminException;
import io.regimestream.common.kafka.TopicAdmin;
import io.regimestream.job.config.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
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
        try (TopicAdmin admin = TopicAdmin.connect(kafka.clientProperties(), TIMEOUT)) {
            TopicAdmin.Topic described = admin.describe(List.of(topic)).get(topic);
            switch (described.visibility()) {
                case MISSING ->
                    LOG.warn(
                            "The model control topic {} does not exist (yet); starting anyway: the scoring tasks score "
                                    + "with the current model and follow it once it exists (create it with one partition "
                                    + "and retention.ms=-1, e.g. kafka-topics.sh --create --topic {} --partitions 1 "
                                    + "--config retention.ms=-1)",
                            topic,
                            topic);
                case HIDDEN ->
                    LOG.warn(
                            "Could not check the model control topic {}: Kafka at {} does not let the job describe it; "
                                    + "starting anyway: the scoring tasks follow it once they may, scoring with the current "
                                    + "model meanwhile",
                            topic,
                            admin.servers());
                case EXISTS -> {
                    if (described.partitions() != PARTITIONS) {
                        throw new IllegalArgumentException("the model control topic " + topic + " has "
                                + described.partitions() + " partitions, but model announcements must be one ordered "
                                + "stream: it needs exactly one (delete it and create it again with one partition and "
                                + "retention.ms=-1, e.g. kafka-topics.sh --create --topic " + topic + " --partitions 1 "
                                + "--config retention.ms=-1, then publish the current model again)");
                    }
                    warnAboutRetention(admin, topic);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the model control topic " + topic, e);
        } catch (KafkaAdminException e) {
            LOG.warn(
                    "Could not check the model control topic {} ({}); starting anyway: the scoring tasks follow it "
                            + "once they can, scoring with the current model meanwhile",
                    topic,
                    e.getMessage());
        }
    }

    private static void warnAboutRetention(TopicAdmin admin, String topic)
            throws KafkaAdminException, InterruptedException {
        // Empty: may not read its configuration, nothing to say.
        Optional<String> retention = admin.config(topic, TopicConfig.RETENTION_MS_CONFIG);
        if (retention.isPresent() && !"-1".equals(retention.get())) {
            LOG.warn(
                    "The model control topic {} deletes announcements after retention.ms={}: a job restored after that "
                            + "cannot read an inline model again and falls back to --model (set retention.ms=-1)",
                    topic,
                    retention.get());
        }
    }
}
