package io.regimestream.job;

import io.regimestream.common.kafka.KafkaAdminException;
import io.regimestream.common.kafka.TopicAdmin;
import io.regimestream.common.kafka.TopicAdmin.Creation;
import io.regimestream.common.kafka.TopicAdmin.Visibility;
import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.KafkaSettings;
import io.regimestream.job.config.TopicCreation;
import io.regimestream.job.config.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the job's topics ({@link JobConfig#kafkaTopics()}) exist before it is submitted ({@code flink
 * run}'s main and {@code bin/job} call it before building the pipeline): the Kafka source fails
 * over at start on a topic that does not exist ("Failed to list subscribed topic partitions ...
 * UnknownTopicOrPartitionException"). By default the job creates nothing: a missing topic fails
 * the start, naming the topics and how to create them. With {@code --create-topics} it creates the
 * missing ones (one INFO line); a principal that may not create topics fails the start saying so.
 * An unreachable broker is left to the job's own clients (WARN). The control topic is the
 * exception: the job scores without it, and every scoring task follows it once it exists and may
 * be read, so when it is missing or hidden from the job's principal the start goes on with a WARN
 * ({@link ControlTopic#check}) instead of failing.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private TopicSetup() {}

    /**
     * Checks that the topics exist, creating the missing ones when {@code creation} says so (the
     * control topic with one partition, kept for good: {@link ControlTopic}); then checks the control topic.
     *
     * @throws IllegalArgumentException naming the topics that are missing, or that the job may not see or create,
     *     or a control topic of more than one partition
     */
    public static void ensureTopics(KafkaSettings kafka, Topics topics, TopicCreation creation) {
        ensureTopics(kafka, topics, topics.all(), creation);
    }

    /** The same for every topic of {@code config}: {@link JobConfig#kafkaTopics()}, the InfluxDB points topic included. */
    public static void ensureTopics(JobConfig config) {
        ensureTopics(config.kafka(), config.topics(), config.kafkaTopics(), config.topicCreation());
    }

    private static void ensureTopics(KafkaSettings kafka, Topics topics, List<String> all, TopicCreation creation) {
        createMissing(kafka, all, topics.models(), creation);
        ControlTopic.check(kafka, topics.models());
    }

    private static void createMissing(
            KafkaSettings kafka, List<String> all, String controlTopic, TopicCreation creation) {
        try (TopicAdmin admin = TopicAdmin.connect(kafka.clientProperties(), REQUEST_TIMEOUT)) {
            List<String> missing = missing(admin, all, controlTopic);
            if (missing.isEmpty()) {
                return;
            }
            if (!creation.create() && missing.equals(List.of(controlTopic))) {
                return; // only the control topic: ControlTopic.check says so, and the tasks wait for it
            }
            if (!creation.create()) {
                throw new IllegalArgumentException("the Kafka topics " + missing + " do not exist at "
                        + kafka.bootstrapServers() + ": create them (e.g. kafka-topics.sh --create --topic NAME "
                        + "--partitions " + creation.partitions() + "), or pass --create-topics to let the job "
                        + "create them");
            }
            create(admin, missing, controlTopic, creation);
            LOG.info(
                    "Created the missing Kafka topics {} ({} partitions, replication factor {}) at {}",
                    missing,
                    creation.partitions(),
                    creation.replicationFactor() > 0 ? creation.replicationFactor() : "the broker default",
                    kafka.bootstrapServers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Kafka topics " + all, e);
        } catch (KafkaAdminException e) {
            if (e.reason() == KafkaAdminException.Reason.SETTINGS) {
                throw new IllegalArgumentException(e.getMessage() + ": check --bootstrap-servers", e);
            }
            LOG.warn(
                    "Could not check the Kafka topics {} ({}); starting anyway, the job's Kafka clients retry",
                    all,
                    e.getMessage());
        }
    }

    /**
     * The topics of {@code wanted} that do not exist. A topic the job may not see fails the start,
     * but for the control topic, which the scoring tasks follow once they may ({@link ControlTopic#check} warns).
     */
    private static List<String> missing(TopicAdmin admin, List<String> wanted, String controlTopic)
            throws KafkaAdminException, InterruptedException {
        Map<String, TopicAdmin.Topic> described = admin.describe(wanted);
        List<String> hidden = wanted.stream()
                .filter(t -> !t.equals(controlTopic))
                .filter(t -> described.get(t).visibility() == Visibility.HIDDEN)
                .toList();
        if (!hidden.isEmpty()) {
            throw new IllegalArgumentException("Kafka at " + admin.servers() + " does not let this job see the "
                    + "topics " + hidden + ": its principal needs DESCRIBE on them (and READ or WRITE, as the job "
                    + "reads or writes them), or they do not exist");
        }
        return wanted.stream()
                .filter(t -> described.get(t).visibility() == Visibility.MISSING)
                .toList();
    }

    private static void create(TopicAdmin admin, List<String> topics, String controlTopic, TopicCreation creation)
            throws KafkaAdminException, InterruptedException {
        Optional<Short> replication =
                creation.replicationFactor() > 0 ? Optional.of((short) creation.replicationFactor()) : Optional.empty();
        List<NewTopic> newTopics = topics.stream()
                .map(t -> t.equals(controlTopic)
                        ? ControlTopic.newTopic(t, replication)
                        : new NewTopic(t, Optional.of(creation.partitions()), replication))
                .toList();
        // A topic created meanwhile by someone else is fine.
        if (admin.create(newTopics).containsValue(Creation.DENIED)) {
            throw new IllegalArgumentException("--create-topics: Kafka at " + admin.servers()
                    + " does not let this job create the topics " + topics + ": have them created "
                    + "(e.g. kafka-topics.sh --create --topic NAME --partitions " + creation.partitions()
                    + ") and start without --create-topics, or grant the job's principal CREATE");
        }
    }
}
