package io.regimestream.training.publish;

import io.regimestream.cli.DurationConverter;
import io.regimestream.cli.KafkaClientOptions;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.CanaryPlan;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.training.AnnouncementOptions;
import io.regimestream.training.TrainingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Option;

/**
 * The training command's options for announcing a model on the scoring job's control topic
 * ({@code --publish}, {@code --publish-only} and what they take), and the announcing itself.
 */
public final class PublishOptions {

    @Option(
            names = "--publish",
            description = "After training, announce the model to the scoring job (control topic --model-topic).")
    boolean publish;

    @Option(names = "--publish-only", description = "Do not train: announce the model already in --out.")
    boolean publishOnly;

    @Option(
            names = "--shadow",
            description =
                    "With --publish or --publish-only: announce the model as a shadow (\"mode\":\"shadow\"): "
                            + "the job scores every reading with it beside the active model, outputs unchanged, and reports how the two agree "
                            + "on the status topic and in InfluxDB. Promote it by publishing the same model again without --shadow.")
    boolean shadow;

    @Option(
            names = "--canary",
            paramLabel = "SHARE",
            description =
                    "With --publish or --publish-only: announce the model as a canary (\"mode\":\"canary\"): it "
                            + "scores this share of the machines (0.1 = 10 %, chosen by a hash of the machine id), the active model "
                            + "the rest; the job promotes it on its own when its health holds for --canary-promote-after, or rolls "
                            + "it back when it does worse than the active model. The plan below is signed with the announcement.")
    Double canaryShare;

    @Option(
            names = "--canary-promote-after",
            paramLabel = "DURATION",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "With --canary: how long its health must hold, every scoring task reporting, before the job "
                    + "promotes it (like 30s, 10m, 2h; default: ${DEFAULT-VALUE}).")
    Duration canaryPromoteAfter;

    @Option(
            names = "--canary-min-readings",
            paramLabel = "N",
            description = "With --canary: readings each side (the candidate's machines, the others) needs before the "
                    + "job compares them (default: ${DEFAULT-VALUE}).")
    long canaryMinReadings = CanaryPlan.of(0.1).minReadings();

    @Option(
            names = "--canary-max-share-increase",
            paramLabel = "X",
            description = "With --canary: how much higher the candidate's low-confidence and out-of-range shares may "
                    + "be than the active model's, as a fraction (0.02 = two percentage points; default: "
                    + "${DEFAULT-VALUE}).")
    double canaryMaxShareIncrease = CanaryPlan.of(0.1).maxShareIncrease();

    @Option(
            names = "--canary-max-psi-increase",
            paramLabel = "X",
            description = "With --canary: how much higher the candidate's PSI against its own training distribution "
                    + "may be than the active model's against its own (default: ${DEFAULT-VALUE}).")
    double canaryMaxPsiIncrease = CanaryPlan.of(0.1).maxPsiIncrease();

    @Option(
            names = "--model-uri",
            paramLabel = "URI",
            description =
                    "Where the job's task managers can read the published model.pmml (file:///.., s3://.., hdfs://..); "
                            + "without it the PMML travels inline in the announcement (up to "
                            + ModelAnnouncement.MAX_INLINE_PMML_BYTES + " bytes).")
    String modelUri;

    @Option(
            names = "--sequence",
            paramLabel = "N",
            description = "With --publish or --publish-only: the announcement's sequence (default: the current time in "
                    + "ms). A job applies an announcement only if its sequence is above the last one it applied: give one "
                    + "above the last published when this machine's clock is behind the one that published it.")
    Long sequence;

    @Option(
            names = "--rollback",
            description = "With --publish-only: announce the model in --out as a deliberate rollback to an older "
                    + "model (\"rollback\":true, signed like every field); the job says so when it activates it. "
                    + "Announcing the active model again this way also stops a canary by hand.")
    boolean rollback;

    /** True when the model is to be announced after training. */
    public boolean afterTraining() {
        return publish;
    }

    /** True when nothing is trained: the model already in --out is announced. */
    public boolean only() {
        return publishOnly;
    }

    /**
     * Checks the options that go together.
     *
     * @param bad makes the exception for a bad combination (exit code 2)
     */
    public void check(Function<String, RuntimeException> bad) {
        boolean announcing = publish || publishOnly;
        if (rollback && !publishOnly) {
            throw bad.apply("--rollback needs --publish-only (a rollback announces a model already trained)");
        }
        if (sequence != null && !announcing) {
            throw bad.apply("--sequence needs --publish or --publish-only");
        }
        if (sequence != null && sequence < 1) {
            throw bad.apply("--sequence must be a positive integer, was " + sequence);
        }
        if (shadow && !announcing) {
            throw bad.apply("--shadow needs --publish or --publish-only");
        }
        if (canaryShare != null && !announcing) {
            throw bad.apply("--canary needs --publish or --publish-only");
        }
        if (canaryShare != null && (shadow || rollback)) {
            throw bad.apply("--canary announces a canary: not with --shadow or --rollback");
        }
    }

    /**
     * Announces the model in {@code out} as the options say, on the topic and with the key {@code announcing} gives,
     * and prints where it went and what to watch.
     */
    public void announce(Path out, AnnouncementOptions announcing, KafkaClientOptions kafka) throws TrainingException {
        ModelAnnouncement.Mode mode = canaryShare != null
                ? ModelAnnouncement.Mode.CANARY
                : shadow ? ModelAnnouncement.Mode.SHADOW : ModelAnnouncement.Mode.ACTIVE;
        ModelAnnouncement announcement = ModelPublisher.announcement(
                out,
                modelUri,
                announcing.signer(),
                mode,
                canaryShare == null ? null : plan(),
                sequence == null ? ModelAnnouncement.nextSequence() : sequence,
                rollback);
        RecordMetadata sent =
                ModelPublisher.publish(kafka.settings().clientProperties(), announcing.modelTopic(), announcement);
        System.out.printf(
                "announced %smodel %s (%s, sha256 %s, sequence %d, %s) on %s-%d@%d; the job reports %s on %s%n",
                mode == ModelAnnouncement.Mode.ACTIVE ? "" : mode.code() + " ",
                announcement.version(),
                announcement.isInline() ? "PMML inline" : announcement.location(),
                announcement.sha256(),
                announcement.sequence(),
                announcement.isSigned() ? "signed" : "unsigned: only a job with --allow-unsigned-models takes it",
                sent.topic(),
                sent.partition(),
                sent.offset(),
                switch (mode) {
                    case SHADOW -> "shadowing/rejected and, periodically, shadow_report";
                    case CANARY -> "canary/rejected and, later, promoted or rolled_back";
                    case ACTIVE -> "activated/rejected";
                },
                PipelineDefaults.MODEL_STATUS_TOPIC);
    }

    private CanaryPlan plan() {
        return new CanaryPlan(
                canaryShare,
                canaryPromoteAfter.toMillis(),
                canaryMinReadings,
                canaryMaxShareIncrease,
                canaryMaxPsiIncrease);
    }
}
