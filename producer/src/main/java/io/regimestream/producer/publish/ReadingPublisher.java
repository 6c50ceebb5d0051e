package io.regimestream.producer.publish;

import io.regimestream.common.codec.ReadingCodec;
import io.regimestream.common.records.Reading;
import io.regimestream.producer.sources.ReadingSource;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends readings from a {@link ReadingSource} to a Kafka topic at a steady rate, keyed by machine
 * id (so each machine's readings stay in order on one partition), as the JSON of
 * {@link ReadingCodec#toJson(Reading)}. Idempotent producer with {@code acks=all} unless the given
 * properties say otherwise. Stops at the end of the source, after {@code maxCount} readings, after
 * {@code maxDuration}, or on {@link #stop()}, and always flushes what it has sent before
 * {@link #run()} returns.
 *
 * <p>Usable in-process (the demo runs one on a thread):
 * <pre>{@code
 * ReadingPublisher publisher = ReadingPublisher.builder()
 *         .kafkaProperties(props).topic("machine-temperature")
 *         .source(new SimulatedSource(3, 42)).ratePerSecond(5).build();
 * new Thread(() -> publisher.run()).start();  ...  publisher.stop();
 * }</pre>
 */
public final class ReadingPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingPublisher.class);
    /** Failures logged one by one; after that they are only counted, so a dead broker cannot flood the log. */
    private static final int LOGGED_FAILURES = 5;

    private final Properties producerProperties;
    private final String topic;
    private final ReadingSource source;
    private final double ratePerSecond;
    private final long maxCount;
    private final Duration maxDuration;
    private final Duration closeTimeout;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> fatal = new AtomicReference<>();
    /** Set before the final flush: records the flush gives up on are undelivered, not a fatal rejection. */
    private volatile boolean closing;

    private volatile long startNanos;
    private volatile long endNanos;

    private ReadingPublisher(Builder b) {
        this.topic = b.topic;
        this.source = b.source;
        this.ratePerSecond = b.ratePerSecond;
        this.maxCount = b.maxCount;
        this.maxDuration = b.maxDuration;
        this.closeTimeout = b.closeTimeout;
        this.producerProperties = producerProperties(b.kafkaProperties, b.maxBlock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Our producer settings under the caller's: caller-given keys win, except the serializers we need. */
    static Properties producerProperties(Properties kafka, Duration maxBlock) {
        Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Bounded waits: send() blocks at most maxBlock for metadata; a record that cannot be
        // delivered fails after a minute instead of Kafka's default two.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(maxBlock.toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "regime-stream-producer");
        p.putAll(kafka);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * Publishes until a stop condition; blocks the calling thread. Runs once per publisher.
     *
     * @return the final counts, after flushing
     * @throws KafkaUnavailableException when Kafka rejects the producer for good (authentication,
     *                                   authorization, bad settings); counts are still in {@link #progress()}
     */
    public PublishProgress run() throws KafkaUnavailableException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a ReadingPublisher runs once; build a new one");
        }
        Producer<String, byte[]> producer;
        try {
            producer = new KafkaProducer<>(producerProperties);
        } catch (KafkaException e) {
            throw new KafkaUnavailableException(
                    "cannot create the Kafka producer: " + e.getMessage()
                            + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""),
                    e);
        }
        try {
            // Fetch the topic's metadata before the clock starts: otherwise the first send blocks
            // for it and the rate of the first seconds comes out low.
            producer.partitionsFor(topic);
        } catch (KafkaException e) {
            LOG.warn("no metadata for topic {} yet ({}); sending anyway", topic, e.getMessage());
        }
        startNanos = System.nanoTime();
        try {
            publish(producer);
        } finally {
            // close() flushes: everything handed to the client is acknowledged or failed here.
            // An interrupt (the way some callers stop us) must not cut that flush short.
            boolean interrupted = Thread.interrupted();
            closing = true;
            try {
                producer.close(closeTimeout);
            } finally {
                endNanos = System.nanoTime();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        Exception error = fatal.get();
        if (error != null) {
            throw new KafkaUnavailableException(
                    "Kafka rejected the records to " + topic + ": " + error.getMessage(), error);
        }
        return progress();
    }

    private void publish(Producer<String, byte[]> producer) {
        RateLimiter limiter = new RateLimiter(ratePerSecond);
        long deadline = maxDuration == null ? Long.MAX_VALUE : startNanos + maxDuration.toNanos();
        Callback callback = this::onCompletion;
        while (!stopped() && (maxCount <= 0 || attempted.get() < maxCount)) {
            long now = System.nanoTime();
            long wait = limiter.reserve(now);
            if (now + wait >= deadline) {
                awaitStop(deadline - now);
                return;
            }
            if (wait > 0 && awaitStop(wait)) {
                return;
            }
            Reading reading = source.next();
            if (reading == null) {
                return;
            }
            Reading stamped = reading.withTimestampIfMissing(System.currentTimeMillis());
            attempted.incrementAndGet();
            try {
                producer.send(new ProducerRecord<>(topic, stamped.machineId(), ReadingCodec.toJson(stamped)), callback);
            } catch (KafkaException e) {
                // Thrown before the record reached the client's buffer (e.g. metadata wait ran out).
                onCompletion(null, e);
            }
        }
    }

    private void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
        if (e == null) {
            acknowledged.incrementAndGet();
            return;
        }
        long n = failed.incrementAndGet();
        if (n <= LOGGED_FAILURES) {
            LOG.warn(
                    "a reading could not be sent to {}: {}{}",
                    topic,
                    e.getMessage(),
                    n == LOGGED_FAILURES ? " (further failures are counted, not logged)" : "");
        }
        if (!closing && !(e instanceof RetriableException) && fatal.compareAndSet(null, e)) {
            stop(); // the same error would meet every following record
        }
    }

    /** Waits up to {@code nanos}; true if a stop was requested meanwhile. */
    private boolean awaitStop(long nanos) {
        try {
            return nanos > 0 ? stopRequested.await(nanos, TimeUnit.NANOSECONDS) : stopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return true;
        }
    }

    private boolean stopped() {
        return stopRequested.getCount() == 0 || Thread.currentThread().isInterrupted();
    }

    /** Asks {@link #run()} to finish: it stops sending, flushes and returns. Safe from any thread. */
    public void stop() {
        stopRequested.countDown();
    }

    /** The counts so far; safe from any thread (progress displays poll it). */
    public PublishProgress progress() {
        long sent = acknowledged.get();
        long lost = failed.get();
        long start = startNanos;
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        return new PublishProgress(
                sent, lost, Math.max(0, attempted.get() - sent - lost), start == 0 ? 0 : end - start);
    }

    public String topic() {
        return topic;
    }

    public ReadingSource source() {
        return source;
    }

    public static final class Builder {
        private Properties kafkaProperties;
        private String topic;
        private ReadingSource source;
        private double ratePerSecond = 5;
        private long maxCount;
        private Duration maxDuration;
        private Duration maxBlock = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(30);

        /** Kafka client settings, at least {@code bootstrap.servers}; they win over the publisher's defaults. */
        public Builder kafkaProperties(Properties kafkaProperties) {
            this.kafkaProperties = kafkaProperties;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder source(ReadingSource source) {
            this.source = source;
            return this;
        }

        /** Readings per second in total; 0 = as fast as the client takes them. Default 5. */
        public Builder ratePerSecond(double ratePerSecond) {
            this.ratePerSecond = ratePerSecond;
            return this;
        }

        /** Stop after this many readings; 0 = no limit. */
        public Builder maxCount(long maxCount) {
            this.maxCount = maxCount;
            return this;
        }

        /** Stop after this long; null = no limit. */
        public Builder maxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
            return this;
        }

        /** The longest a send may wait for an unreachable broker ({@code max.block.ms}). Default 30 s. */
        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = maxBlock;
            return this;
        }

        /** The longest the final flush may take before unsent records count as failed. Default 30 s. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        public ReadingPublisher build() {
            if (kafkaProperties == null
                    || kafkaProperties.getProperty("bootstrap.servers", "").isBlank()) {
                throw new IllegalArgumentException("ReadingPublisher needs kafkaProperties with bootstrap.servers");
            }
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("ReadingPublisher needs a topic");
            }
            Objects.requireNonNull(source, "ReadingPublisher needs a source of readings");
            if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
                throw new IllegalArgumentException(
                        "rate must be >= 0 readings per second (0 = unlimited), was " + ratePerSecond);
            }
            if (maxCount < 0) {
                throw new IllegalArgumentException("maxCount must be >= 0 (0 = no limit), was " + maxCount);
            }
            if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
                throw new IllegalArgumentException("maxDuration must be positive, was " + maxDuration);
            }
            Objects.requireNonNull(maxBlock, "maxBlock");
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            return new ReadingPublisher(this);
        }
    }
}
