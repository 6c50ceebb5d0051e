package io.regimestream.training.retrain;

import io.regimestream.common.codec.ModelDriftCodec;
import io.regimestream.common.io.ReadingFileReader;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.records.ModelDrift;
import io.regimestream.training.TrainingException;
import io.regimestream.training.TrainingRun;
import io.regimestream.training.TrainingSettings;
import io.regimestream.training.publish.ModelPublisher;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Retraining on demand: follows the job's drift events, and when a drift has persisted, reads the
 * recent readings, trains a model on them as the training command does ({@link TrainingRun}), signs
 * it and announces it to the job. Also retrains once, at once, when a person asks.
 *
 * <p>One retrain at a time: while it trains no other starts (the loop is one thread), and the work
 * folder is locked, so a second retrainer on it (a follower, or a person's {@code --once}) is refused
 * instead of announcing a second candidate. Everything it decides is written to its state file
 * before it acts on it ({@link RetrainState}): restarted, it reads the drift topic on from where
 * its episodes left off, does not retrain again for a drift it already answered, and trains again
 * for one whose retrain was cut short before the announcement.
 */
public final class Retrainer implements AutoCloseable {

    private static final DateTimeFormatter FOLDER_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final RetrainSettings settings;
    private final Properties kafka;
    private final ModelPublisher.Signer signer;
    private final BiFunction<Path, Path, TrainingSettings> learning;
    private final RetrainLog log;
    private final LongSupplier clock;
    private final FileChannel lockFile;
    private final KafkaConsumer<byte[], byte[]> drift;
    private final List<TopicPartition> driftPartitions;
    private final KnownModels known;
    private final Map<Integer, Long> positions = new HashMap<>();
    private DriftEpisodes episodes;
    private RetrainState state;
    private long nextAttempt;

    /**
     * Locks the work folder, reads the state and starts reading the drift topic where it left off.
     *
     * @param signer   signs every announcement; never null: a retrainer that cannot sign is refused at start
     * @param learning the training settings of a run on an input file into an output folder
     * @throws TrainingException when the work folder is locked or unusable, or the state unreadable
     */
    public Retrainer(
            RetrainSettings settings,
            Properties kafka,
            ModelPublisher.Signer signer,
            BiFunction<Path, Path, TrainingSettings> learning,
            java.io.PrintStream out,
            LongSupplier clock)
            throws TrainingException {
        if (signer == null) {
            throw new TrainingException("retrain announces only signed models: give --signing-key (the private key "
                    + "whose public half the job was started with)");
        }
        this.settings = settings;
        this.kafka = kafka;
        this.signer = signer;
        this.learning = learning;
        this.log = new RetrainLog(out, clock);
        this.clock = clock;
        this.known = new KnownModels(concat(settings.jobModels(), settings.modelsDir()));
        this.lockFile = lock(settings.workDir());
        KafkaConsumer<byte[], byte[]> consumer = null;
        try {
            state = RetrainState.load(settings.workDir(), settings.driftTopic());
            episodes = new DriftEpisodes(state.episodes());
            state.positions().forEach(positions::put);
            consumer = KafkaReads.consumer(kafka, true);
            driftPartitions = KafkaReads.partitions(consumer, settings.driftTopic());
            consumer.assign(driftPartitions);
            for (TopicPartition p : driftPartitions) {
                Long next = positions.get(p.partition());
                if (next == null) {
                    consumer.seekToBeginning(List.of(p));
                } else {
                    consumer.seek(p, next);
                }
            }
            drift = consumer;
        } catch (IOException | RuntimeException e) {
            if (consumer != null) {
                consumer.close();
            }
            closeQuietly(lockFile);
            if (e instanceof IOException) {
                throw new TrainingException(e.getMessage(), e);
            }
            throw new TrainingException("cannot follow " + settings.driftTopic() + ": " + e.getMessage(), e);
        }
        RetrainAttempt interrupted = state.inFlight();
        if (interrupted != null && !interrupted.wasAnnounced()) {
            log.say(
                    "the retrain started at %s for %s was cut short before it announced anything (the retrainer "
                            + "stopped): its drift is retrained for again",
                    RetrainLog.clock(interrupted.startedAt()), String.join(", ", interrupted.covers()));
            state = state.with(positions, episodes.open(), null).ended(interrupted.ended("cut short: restarted"));
            save();
        }
        log.say(
                "following %s from %s; %d drift episode(s) open%s",
                settings.driftTopic(),
                positions.isEmpty() ? "its beginning" : "where it left off (" + positions + ")",
                episodes.open().size(),
                episodes.open().isEmpty() ? "" : ": " + describe(episodes.open()));
    }

    /**
     * Follows the drift topic until {@code keepGoing} says stop: every event updates the episodes (saved with the
     * position that gives them); once the topic is read to its end, episodes that have persisted are retrained for.
     */
    public void follow(BooleanSupplier keepGoing) throws TrainingException {
        while (keepGoing.getAsBoolean()) {
            boolean changed = readDrift(Duration.ofSeconds(1));
            if (changed) {
                save();
            }
            long now = clock.getAsLong();
            if (now < nextAttempt || !caughtUp()) {
                continue;
            }
            List<DriftEpisode> due = episodes.due(now, settings.persistence());
            if (!due.isEmpty()) {
                retrain("drift persisted " + RetrainLog.duration(settings.persistence()) + " or longer: "
                        + describe(due));
            }
        }
    }

    /**
     * Reads the drift topic to its end, then retrains at once, whatever the drift: a person's {@code --once}.
     *
     * @return what came of it
     */
    public RetrainAttempt retrainOnce() throws TrainingException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!caughtUp()) {
            if (System.nanoTime() > deadline) {
                throw new TrainingException("could not read " + settings.driftTopic() + " to its end in 2 minutes");
            }
            readDrift(Duration.ofMillis(500));
        }
        save();
        return retrain("asked for by hand (--once)");
    }

    /** Polls drift events once; true when they changed anything. */
    private boolean readDrift(Duration wait) {
        boolean changed = false;
        for (ConsumerRecord<byte[], byte[]> r : drift.poll(wait)) {
            positions.put(r.partition(), r.offset() + 1);
            changed = true;
            ModelDrift event;
            try {
                event = ModelDriftCodec.fromJson(r.value());
            } catch (RuntimeException unreadable) {
                log.say(
                        "skipped an unreadable record on %s-%d@%d: %s",
                        r.topic(), r.partition(), r.offset(), unreadable.getMessage());
                continue;
            }
            report(event, episodes.apply(event));
        }
        return changed;
    }

    private void report(ModelDrift event, DriftEpisodes.Effect effect) {
        switch (effect.change()) {
            case OPENED, REOPENED ->
                log.say(
                        "drift raised: %s under model %s (crossed %s); retrained for at %s unless it clears first",
                        event.seriesKey(),
                        event.modelVersion(),
                        String.join(", ", event.crossed()),
                        RetrainLog.clock(
                                event.windowEnd() + settings.persistence().toMillis()));
            case CLOSED -> {
                DriftEpisode closed = effect.before();
                Duration lasted = Duration.ofMillis(event.windowEnd() - closed.raisedAt());
                log.say(
                        "drift cleared: %s under model %s after %s%s",
                        event.seriesKey(),
                        event.modelVersion(),
                        RetrainLog.duration(lasted),
                        closed.handled()
                                ? " (" + closed.handledBy() + ")"
                                : lasted.compareTo(settings.persistence()) < 0
                                        ? ", before it persisted: not retrained for"
                                        : "");
            }
            case REPEATED, NOTHING_OPEN -> {
                // nothing changes: the job forgot it had raised it (a rescale), or the raise is older than our position
            }
        }
    }

    /** Whether the drift topic has been read to its end: only then is an episode's persistence known. */
    private boolean caughtUp() {
        Map<TopicPartition, Long> end = drift.endOffsets(driftPartitions);
        for (TopicPartition p : driftPartitions) {
            if (drift.position(p) < end.get(p)) {
                return false;
            }
        }
        return true;
    }

    /** One retrain, start to end; the state says what it is doing at every step. */
    private RetrainAttempt retrain(String why) throws TrainingException {
        long start = clock.getAsLong();
        List<DriftEpisode> covering = episodes.unhandled();
        RetrainAttempt attempt = RetrainAttempt.started(start, covering);
        state = state.with(positions, episodes.open(), attempt);
        save();
        log.say("retraining: %s", why);

        ReadingWindow.Window window;
        try {
            window = ReadingWindow.read(
                    kafka,
                    settings.readingsTopic(),
                    settings.window(),
                    settings.windowReadings(),
                    settings::plausible,
                    start);
        } catch (RuntimeException e) {
            return later(
                    attempt,
                    "not trained: cannot read the window from " + settings.readingsTopic() + ": " + e.getMessage());
        }
        if (window.readings().size() < settings.minReadings()) {
            return later(
                    attempt,
                    "not trained: the window holds " + window.describe() + ", fewer than --min-readings "
                            + settings.minReadings());
        }
        log.say("window: %s", window.describe());

        Path dir = settings.modelsDir().resolve(FOLDER_TIME.format(Instant.ofEpochMilli(start)));
        ModelMetadata candidate;
        try {
            Files.createDirectories(dir);
            Path readings = dir.resolve("window.jsonl");
            ReadingFileReader.writeJsonLines(readings, window.readings());
            candidate = new TrainingRun(learning.apply(readings, dir), log.stream()).run();
        } catch (TrainingException e) {
            return failed(attempt, covering, "training failed: " + e.getMessage());
        } catch (Exception e) {
            return failed(attempt, covering, "training failed unexpectedly: " + e);
        }

        Optional<String> same = sameAsDrifted(candidate, covering);
        if (same.isPresent()) {
            String what = "not announced: model " + candidate.version() + " has " + same.get()
                    + " as the model that drifted; the drift is no change of regimes (look at the readings)";
            log.say("%s", what);
            episodes.markHandled(covering, what);
            return end(attempt.ended(what));
        }

        ModelAnnouncement announcement;
        try {
            announcement = ModelPublisher.announcement(
                    dir, null, signer, ModelAnnouncement.Mode.SHADOW, ModelAnnouncement.nextSequence(), false);
            ModelPublisher.publish(kafka, settings.modelTopic(), announcement);
        } catch (TrainingException e) {
            return later(attempt, "model " + candidate.version() + " in " + dir + " not announced: " + e.getMessage());
        }
        long announcedAt = clock.getAsLong();
        String what = "shadow " + announcement.version() + " announced";
        log.say(
                "announced model %s as a shadow (signed%s, sequence %d) on %s, trained on %s in %s",
                announcement.version(),
                announcement.keyId() == null ? "" : " with key " + announcement.keyId(),
                announcement.sequence(),
                settings.modelTopic(),
                window.describe(),
                dir);
        episodes.markHandled(covering, what);
        RetrainAttempt announced = attempt.announced(announcement.version(), announcement.sequence(), announcedAt);
        return end(announced.ended(what));
    }

    /** The retrain could not be done now: its drift stays unanswered, and is tried again after --retry-after. */
    private RetrainAttempt later(RetrainAttempt attempt, String what) throws TrainingException {
        nextAttempt = clock.getAsLong() + settings.retryAfter().toMillis();
        String said = what + "; tried again at " + RetrainLog.clock(nextAttempt) + " if the drift persists";
        log.say("%s", said);
        return end(attempt.ended(said));
    }

    private RetrainAttempt failed(RetrainAttempt attempt, List<DriftEpisode> covering, String what)
            throws TrainingException {
        log.say("%s; its drift is not retrained for again until it clears and is raised anew", what);
        episodes.markHandled(covering, what);
        return end(attempt.ended(what));
    }

    private RetrainAttempt end(RetrainAttempt ended) throws TrainingException {
        state = state.with(positions, episodes.open(), null).ended(ended);
        save();
        return ended;
    }

    /** Why the candidate is no different from the model every covered drift was raised under; empty otherwise. */
    private Optional<String> sameAsDrifted(ModelMetadata candidate, List<DriftEpisode> covering) {
        List<String> versions =
                covering.stream().map(DriftEpisode::modelVersion).distinct().toList();
        if (versions.size() != 1) {
            return Optional.empty(); // several models drifted (or none, by hand): a new one is worth a look
        }
        Optional<ModelMetadata> drifted = known.find(versions.get(0));
        if (drifted.isEmpty()) {
            log.say(
                    "the regimes of model %s are unknown here (not a --job-model, not trained here): the candidate is "
                            + "announced without comparing them",
                    versions.get(0));
            return Optional.empty();
        }
        return Optional.ofNullable(KnownModels.sameRegimes(candidate, drifted.get()));
    }

    private void save() throws TrainingException {
        state = state.with(positions, episodes.open(), state.inFlight());
        try {
            state.save(settings.workDir());
        } catch (IOException e) {
            throw new TrainingException(
                    "cannot write the retrainer's state into " + settings.workDir() + ": " + e.getMessage(), e);
        }
    }

    /** The state as last saved. */
    RetrainState state() {
        return state;
    }

    private static String describe(List<DriftEpisode> list) {
        return list.stream()
                .map(e -> String.format(
                        Locale.ROOT,
                        "%s (model %s, raised %s)",
                        e.series(),
                        e.modelVersion(),
                        RetrainLog.clock(e.raisedAt())))
                .collect(Collectors.joining(", "));
    }

    private static FileChannel lock(Path workDir) throws TrainingException {
        FileChannel channel;
        try {
            Files.createDirectories(workDir);
            channel = FileChannel.open(
                    workDir.resolve("retrain.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new TrainingException("cannot use the work folder " + workDir + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this very process
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new TrainingException("another retrainer works in " + workDir + " (its retrain.lock is held): one "
                    + "at a time, so that no two candidates are announced for the same drift; stop it, or give this "
                    + "one another --work-dir");
        }
        return channel;
    }

    private static List<Path> concat(List<Path> a, Path b) {
        List<Path> all = new ArrayList<>(a);
        all.add(b);
        return all;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing after a failure: the failure is what counts
        }
    }

    @Override
    public void close() {
        try {
            drift.close(Duration.ofSeconds(5));
        } finally {
            closeQuietly(lockFile);
        }
    }
}
