package io.regimestream.training.retrain;

import io.regimestream.cli.DurationConverter;
import io.regimestream.cli.KafkaClientOptions;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.training.AnnouncementOptions;
import io.regimestream.training.LearningOptions;
import io.regimestream.training.TrainingException;
import io.regimestream.training.data.Dataset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code java -jar training.jar retrain}: retraining on demand, following the job's drift events. */
@Command(
        name = "retrain",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Follows the scoring job's drift events (--drift-topic) and, when a drift has lasted --persist without "
                    + "clearing, reads the recent readings (--window, --window-readings) from --readings-topic, "
                    + "trains a model on them as the training command does (elbow, KMeans, MLP, PMML, parity check), "
                    + "signs it and announces it to the job. --once retrains at once and ends.",
            "",
            "One retrain answers every drift open when it starts, and a drift is retrained for once: after that a "
                    + "person decides (a drift that clears and is raised again is a new one). The state (the drift "
                    + "topic's position, the open drifts, the retrain under way) is kept in --work-dir, with one "
                    + "folder per candidate under models/; restarted, it carries on from there.",
            ""
        },
        footer = {"", "Exit codes: 0 stopped (Ctrl-C) or --once done, 1 a problem the message names, 2 bad option."})
public final class RetrainCommand implements Callable<Integer> {

    @Option(names = "--once", description = "Do not follow drift: read the window, retrain and announce now, then end.")
    boolean once;

    @Option(
            names = "--readings-topic",
            paramLabel = "TOPIC",
            defaultValue = "${env:READINGS_TOPIC:-" + PipelineDefaults.READINGS_TOPIC + "}",
            description = "The readings the window is read from (env READINGS_TOPIC; default: ${DEFAULT-VALUE}).")
    String readingsTopic;

    @Option(
            names = "--drift-topic",
            paramLabel = "TOPIC",
            defaultValue = "${env:DRIFT_TOPIC:-" + PipelineDefaults.MODEL_DRIFT_TOPIC + "}",
            description = "The job's drift events (env DRIFT_TOPIC; default: ${DEFAULT-VALUE}).")
    String driftTopic;

    @Option(
            names = "--persist",
            paramLabel = "DURATION",
            defaultValue = "15m",
            converter = DurationConverter.class,
            description = "How long a drift must last without clearing before it is retrained for; at least one "
                    + "evaluation of the job's drift windows (half its --drift-window) more than a drift that "
                    + "should not count. Default: ${DEFAULT-VALUE}.")
    Duration persistence;

    @Option(
            names = "--window",
            paramLabel = "DURATION",
            defaultValue = "30m",
            converter = DurationConverter.class,
            description = "Train on the readings of this last stretch of time. Default: ${DEFAULT-VALUE}.")
    Duration window;

    @Option(
            names = "--window-readings",
            paramLabel = "N",
            defaultValue = "50000",
            description = "... and at most this many of them, the latest. Default: ${DEFAULT-VALUE}.")
    int windowReadings;

    @Option(
            names = "--min-readings",
            paramLabel = "N",
            defaultValue = "1000",
            description = "A window with fewer readings is not trained on: tried again after --retry-after. "
                    + "Default: ${DEFAULT-VALUE}.")
    int minReadings;

    @Option(
            names = "--min-temperature",
            paramLabel = "CELSIUS",
            defaultValue = "${env:MIN_TEMPERATURE:-" + PipelineDefaults.MIN_PLAUSIBLE_TEMPERATURE + "}",
            description = "Readings colder than this are not trained on: give the job's --min-temperature "
                    + "(env MIN_TEMPERATURE; default: ${DEFAULT-VALUE}).")
    double minTemperature;

    @Option(
            names = "--max-temperature",
            paramLabel = "CELSIUS",
            defaultValue = "${env:MAX_TEMPERATURE:-" + PipelineDefaults.MAX_PLAUSIBLE_TEMPERATURE + "}",
            description = "Readings hotter than this are not trained on: give the job's --max-temperature "
                    + "(env MAX_TEMPERATURE; default: ${DEFAULT-VALUE}).")
    double maxTemperature;

    @Option(
            names = "--retry-after",
            paramLabel = "DURATION",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description = "After a window too small, or a candidate that could not be announced, try again this much "
                    + "later. Default: ${DEFAULT-VALUE}.")
    Duration retryAfter;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            defaultValue = "retraining",
            description = "The retrainer's state, lock and candidates (models/<time>/). One retrainer per folder. "
                    + "Default: ${DEFAULT-VALUE}/")
    Path workDir;

    @Option(
            names = "--job-model",
            paramLabel = "DIR",
            description = "A model folder (model.json) whose regimes a candidate is compared with when drift was "
                    + "raised under it: a candidate with the same regimes is not announced. Repeatable. Models "
                    + "trained here are known anyway. Default: " + PipelineDefaults.MODEL_DIRECTORY
                    + "/ (the job's default --model).")
    List<Path> jobModels = new ArrayList<>(List.of(Path.of(PipelineDefaults.MODEL_DIRECTORY)));

    @Mixin
    LearningOptions learning = new LearningOptions();

    @Mixin
    AnnouncementOptions announcing = new AnnouncementOptions();

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RetrainSettings settings = validatedSettings();
        try (Retrainer retrainer = new Retrainer(
                settings,
                kafka.settings().clientProperties(),
                announcing.signer(),
                (input, out) -> learning.settings(input, 0, Dataset.regimes, 1, out, false),
                System.out,
                System::currentTimeMillis)) {
            if (once) {
                RetrainAttempt attempt = retrainer.retrainOnce();
                return attempt.wasAnnounced() ? 0 : 1;
            }
            follow(retrainer);
            return 0;
        }
    }

    /** Until Ctrl-C; a retrain under way then is cut short, and done again at the next start. */
    private static void follow(Retrainer retrainer) throws TrainingException {
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    running.set(false);
                    try {
                        stopped.await(5, TimeUnit.SECONDS); // a retrain under way is not waited for
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "retrain-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            retrainer.follow(running::get);
        } finally {
            stopped.countDown();
        }
    }

    RetrainSettings validatedSettings() {
        if (!announcing.signs()) {
            throw bad("retrain needs --signing-key (or MODEL_SIGNING_KEY): the job accepts only signed models, and "
                    + "a retrainer that cannot sign would train for nothing; the key is the private half of the pair "
                    + "whose public half the job has (--model-public-key)");
        }
        announcing.checkOptions(this::bad);
        learning.checkOptions(this::bad);
        requirePositive("--persist", persistence);
        requirePositive("--window", window);
        requirePositive("--retry-after", retryAfter);
        if (windowReadings < 1) {
            throw bad("--window-readings must be at least 1, got " + windowReadings);
        }
        if (minReadings < io.regimestream.training.data.TrainingDataSource.MIN_READINGS) {
            throw bad("--min-readings must be at least " + io.regimestream.training.data.TrainingDataSource.MIN_READINGS
                    + " (fewer cannot be split to train and test a model), got " + minReadings);
        }
        if (!(minTemperature <= maxTemperature)) {
            throw bad("--min-temperature (" + minTemperature + ") must not be above --max-temperature ("
                    + maxTemperature + ")");
        }
        if (minReadings > windowReadings) {
            throw bad("--min-readings (" + minReadings + ") must not be above --window-readings (" + windowReadings
                    + ")");
        }
        return new RetrainSettings(
                readingsTopic,
                driftTopic,
                announcing.modelTopic(),
                persistence,
                window,
                windowReadings,
                minReadings,
                minTemperature,
                maxTemperature,
                retryAfter,
                workDir,
                jobModels);
    }

    private void requirePositive(String option, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw bad(option + " must be longer than 0, got " + d);
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
