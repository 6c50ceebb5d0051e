package io.regimestream.job;

import io.regimestream.job.config.KafkaSettings;
import io.regimestream.job.config.TopicCreation;
import io.regimestream.job.config.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the job's topics exist before it is submitted ({@code flink run}'s main and
 * {@code bin/job} call it before building the pipeline): the Kafka source fails over at start
 * on a topic that does not exist yet ("Failed to list subscribed topic partitions ...
 * UnknownTopicOrPartitionException"), which is what a fresh broker gives before the first reading.
 * Missing topics are created (one INFO line); a principal that may not create topics waits for
 * them (one WARN line), never fails. An unreachable broker is left to the job's own clients (WARN).
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

    private TopicSetup() {}

    /**
     * Creates the missing topics of {@code topics} (the control topic with one partition, kept for
     * good: {@link ControlTopic}), or waits for them when the job may not; then checks the control topic.
     *
     * @throws IllegalArgumentException when the control topic has more than one partition
     */
    public static void ensureTopics(KafkaSettings kafka, Topics topics, TopicCreation creation) {
        createOrAwait(kafka, topics, creation);
        ControlTopic.check(kafka, topics.models());
    }

    private static void createOrAwait(KafkaSettings kafka, Topics topics, TopicCreation creation) {
        Set<String> wanted = new LinkedHashSet<>(topics.all());
        var props = kafka.clientProperties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(REQUEST_TIMEOUT.toMillis()));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(REQUEST_TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(props)) {
            List<String> missing = missing(admin, wanted);
            if (missing.isEmpty()) {
                return;
            }
            List<String> created = create(
                    admin, missing, topics.models(), creation.partitions(), (short) creation.replicationFactor());
            if (created != null) {
                LOG.info(
                        "Created the missing Kafka topics {} ({} partitions, replication factor {}) at {}",
                        created,
                        creation.partitions(),
                        describeReplication((short) creation.replicationFactor()),
                        kafka.bootstrapServers());
                return;
            }
            LOG.warn(
                    "Kafka at {} does not let this job create the topics {}: waiting for them to be created "
                            + "(e.g. kafka-topics.sh --create --topic NAME --partitions {})",
                    kafka.bootstrapServers(),
                    missing,
                    creation.partitions());
            while (!missing(admin, wanted).isEmpty()) {
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka topics " + wanted, e);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn(
                    "Could not check the Kafka topics {} at {} ({}); starting anyway, the job's Kafka clients retry",
                    wanted,
                    kafka.bootstrapServers(),
                    rootMessage(e));
        }
    }

    private static List<String> missing(Admin admin, Set<String> wanted)
            throws ExecutionException, TimeoutException, InterruptedException {
        Set<String> existing =
                admin.listTopics().names().get(REQUEST_TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        List<String> missing = new ArrayList<>(wanted);
        missing.removeAll(existing);
        return missing;
    }

    /** The topics created, or null when the principal may not create them. */
    private static List<String> create(
            Admin admin, List<String> topics, String controlTopic, int partitions, short replicationFactor)
            throws ExecutionException, TimeoutException, InterruptedException {
        Optional<Short> replication = replicationFactor > 0 ? Optional.of(replicationFactor) : Optional.empty();
        List<NewTopic> newTopics = topics.stream()
                .map(t -> t.equals(controlTopic)
                        ? ControlTopic.newTopic(t, replication)
                        : new NewTopic(t, Optional.of(partitions), replication))
                .toList();
        List<String> created = new ArrayList<>();
        var results = admin.createTopics(newTopics).values();
        for (String topic : topics) {
            try {
                results.get(topic).get(REQUEST_TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
                created.add(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthorizationException) {
                    return null;
                }
                if (!(e.getCause() instanceof TopicExistsException)) { // created meanwhile by someone else: fine
                    throw e;
                }
            }
        }
        return created;
    }

    private static String describeReplication(short replicationFactor) {
        return replicationFactor > 0 ? Short.toString(replicationFactor) : "the broker default";
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
