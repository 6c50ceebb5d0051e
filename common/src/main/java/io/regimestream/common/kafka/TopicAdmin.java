package io.regimestream.common.kafka;

import io.regimestream.common.kafka.KafkaAdminException.Reason;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Kafka admin work our commands do before they start (the producer, the job): which topics
 * exist, creating the missing ones, reading a topic's configuration; each call with a bounded wait
 * and an error that says what went wrong and where. What a command does about a missing, hidden or
 * unreachable topic is its own policy (the producer stops with exit code 4, the job fails its start
 * or warns); the Kafka calls and the reading of their errors are here, once.
 */
public final class TopicAdmin implements AutoCloseable {

    /** A topic as this client sees it. */
    public record Topic(String name, Visibility visibility, int partitions) {}

    public enum Visibility {
        EXISTS,
        MISSING,
        /** The client's principal may not describe it: it may or may not exist. */
        HIDDEN
    }

    /** What a request to create a topic came to. */
    public enum Creation {
        CREATED,
        /** Created meanwhile by someone else. */
        EXISTED,
        /** The client's principal may not create it. */
        DENIED
    }

    private final Admin admin;
    private final String servers;
    private final Duration timeout;

    private TopicAdmin(Admin admin, String servers, Duration timeout) {
        this.admin = admin;
        this.servers = servers;
        this.timeout = timeout;
    }

    /**
     * An admin client with {@code client}'s settings that waits at most {@code timeout} for each
     * answer (unless the settings name their own request timeouts).
     *
     * @throws KafkaAdminException ({@link Reason#SETTINGS}) when Kafka's client refuses the settings
     */
    public static TopicAdmin connect(Properties client, Duration timeout) throws KafkaAdminException {
        String servers = client.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        String timeoutMs = String.valueOf(Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Properties settings = new Properties();
        settings.putAll(client);
        settings.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        settings.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        try {
            return new TopicAdmin(Admin.create(settings), servers, timeout);
        } catch (KafkaException e) {
            throw new KafkaAdminException(
                    Reason.SETTINGS,
                    "cannot use the Kafka settings (bootstrap servers " + servers + "): " + rootMessage(e),
                    e);
        }
    }

    /** The bootstrap servers this client talks to, for messages. */
    public String servers() {
        return servers;
    }

    /** How each of {@code topics} looks to this client, in their order. */
    public Map<String, Topic> describe(Collection<String> topics) throws KafkaAdminException, InterruptedException {
        var described = admin.describeTopics(topics).topicNameValues();
        Map<String, Topic> seen = new LinkedHashMap<>();
        for (String name : topics) {
            Topic topic;
            try {
                topic = new Topic(
                        name,
                        Visibility.EXISTS,
                        await(described.get(name), "describe topic " + name)
                                .partitions()
                                .size());
            } catch (Refused refused) {
                if (refused.getCause() instanceof UnknownTopicOrPartitionException) {
                    topic = new Topic(name, Visibility.MISSING, 0);
                } else if (refused.getCause() instanceof AuthorizationException) {
                    topic = new Topic(name, Visibility.HIDDEN, 0);
                } else {
                    throw refused.asAdminException();
                }
            }
            seen.put(name, topic);
        }
        return seen;
    }

    /** Creates {@code topics}; one that exists by now is {@link Creation#EXISTED}, not an error. */
    public Map<String, Creation> create(Collection<NewTopic> topics) throws KafkaAdminException, InterruptedException {
        var results = admin.createTopics(topics).values();
        Map<String, Creation> created = new LinkedHashMap<>();
        for (NewTopic topic : topics) {
            Creation creation;
            try {
                await(results.get(topic.name()), "create topic " + topic.name());
                creation = Creation.CREATED;
            } catch (Refused refused) {
                if (refused.getCause() instanceof TopicExistsException) {
                    creation = Creation.EXISTED;
                } else if (refused.getCause() instanceof AuthorizationException) {
                    creation = Creation.DENIED;
                } else {
                    throw refused.asAdminException();
                }
            }
            created.put(topic.name(), creation);
        }
        return created;
    }

    /** The value of {@code key} in {@code topic}'s configuration; empty when the client may not read it. */
    public Optional<String> config(String topic, String key) throws KafkaAdminException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            ConfigEntry entry = await(
                            admin.describeConfigs(List.of(resource)).values().get(resource),
                            "describe the configuration of topic " + topic)
                    .get(key);
            return Optional.ofNullable(entry).map(ConfigEntry::value);
        } catch (Refused refused) {
            if (refused.getCause() instanceof AuthorizationException) {
                return Optional.empty();
            }
            throw refused.asAdminException();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }

    /**
     * The message of {@code t}, and of its root cause where that is another exception: Kafka's
     * client often wraps the telling reason (an unresolvable host, a refused SASL mechanism).
     */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root.getMessage() + ")";
    }

    private <T> T await(KafkaFuture<T> future, String what) throws KafkaAdminException, InterruptedException, Refused {
        try {
            // A little slack over the client-side timeout, so the client's own (clearer) error wins.
            return future.get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(cause);
            }
            if (cause instanceof AuthenticationException) {
                throw new KafkaAdminException(
                        Reason.AUTHENTICATION,
                        "Kafka at " + servers + " refused authentication: " + cause.getMessage(),
                        cause);
            }
            throw new Refused(servers, what, cause);
        }
    }

    private KafkaAdminException unreachable(Throwable cause) {
        String within = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        return new KafkaAdminException(
                Reason.UNREACHABLE, "cannot reach Kafka at " + servers + " within " + within, cause);
    }

    /** The broker's answer was an error: each call decides which errors are answers (a missing topic) and which fail. */
    private static final class Refused extends Exception {

        private final String servers;
        private final String what;

        Refused(String servers, String what, Throwable cause) {
            super(cause);
            this.servers = servers;
            this.what = what;
        }

        KafkaAdminException asAdminException() {
            Throwable cause = getCause();
            String message = cause instanceof AuthorizationException
                    ? "Kafka at " + servers + " does not allow us to " + what + ": " + cause.getMessage()
                    : "Kafka at " + servers + " could not " + what + ": " + rootMessage(cause);
            return new KafkaAdminException(Reason.FAILED, message, cause);
        }
    }
}
