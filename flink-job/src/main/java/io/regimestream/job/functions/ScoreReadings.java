package io.regimestream.job.functions;

import io.regimestream.common.records.ModelStatus;
import io.regimestream.job.canary.CanaryControl;
import io.regimestream.job.canary.CanarySeal;
import io.regimestream.job.config.ScoringSettings;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.health.DriftMonitor;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.job.machines.MachineStateSnapshots;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.shadow.ShadowScorer;
import io.regimestream.job.updates.ModelFollower;
import io.regimestream.job.updates.ModelRestore;
import io.regimestream.job.updates.ModelUpdate;
import io.regimestream.job.updates.ModelUpdates;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.RegimeModel;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's one operator between the Kafka source and the sinks, chained to both: validates,
 * scores and tracks regimes per machine ({@link ReadingScorer}), and swaps the model when the
 * control topic announces one, all in the task's thread, with no exchange between tasks.
 *
 * <p><b>Model updates.</b> Each task follows the control topic itself ({@link ModelFollower}, a
 * thread with its own consumer), which decides each announcement (checks, sequence, fetch and
 * load, contained so that nothing an announcement does can fail the task) off the hot path. The
 * task applies the decisions ({@link ModelControl}) between two records (one volatile read per
 * record when nothing is pending) and from a processing-time timer every {@link #UPDATE_CHECK_MS}
 * ms, so a status goes out without readings too. A follower that cannot read the topic leaves the
 * task scoring with its model and tries again.
 *
 * <p><b>Shadow models.</b> A verified model announced with {@code "mode":"shadow"} scores every
 * following reading beside the active model ({@link ShadowScorer}) and changes no output; every
 * {@link ModelTopic#shadowReportInterval()} the task reports how the two compared.
 *
 * <p><b>Canaries.</b> A model announced with {@code "mode":"canary"} scores a share of the machines
 * ({@link io.regimestream.job.canary.CanaryControl}); every task reports its figures to the control
 * topic and judges them all, in the topic's order, so all promote it or roll it back alike.
 *
 * <p><b>State</b>: union operator states, so all of it survives rescaling ({@link ScoringState}):
 * what identifies the active, the shadow and the canary model (never their bytes: a restored task reads
 * them again and checks their sha256; a model that cannot be read again falls back to {@code --model}
 * with an ERROR), and the per-machine records, regime tracks with their drift windows.
 *
 * <p><b>Drift</b> ({@link DriftMonitor}, unless {@code --drift-window 0}): every scored reading is
 * counted into its machine's window and the task's overall one; a processing-time timer at each
 * window boundary emits the figures ({@code model_health}) and {@code model-drift} events. The same
 * timer evicts idle machines ({@link io.regimestream.job.machines.MachineStates}).
 *
 * <p>Metrics besides the scorer's and {@link ModelControl}'s: the gauges {@code activeModelVersion},
 * {@code shadowModelVersion} ("" when none), {@code shadowScoringFailures} (readings the shadow
 * could not score, since it started), {@code modelTopicAvailable} (1, or 0 while the control topic
 * cannot be read) and {@code modelTopicErrors} (failures to read it, each followed by a retry).
 */
public class ScoreReadings extends AbstractStreamOperator<JobOutput>
        implements OneInputStreamOperator<KafkaRecord, JobOutput> {

    private static final long serialVersionUID = 1L;

    /** Names the task in model statuses ({@code score-regime 1/2}). */
    public static final String NAME = "score-regime";

    /** How often a task with a shadow model reports how it compares, unless configured otherwise. */
    public static final Duration DEFAULT_SHADOW_REPORT_INTERVAL = Duration.ofSeconds(10);
    /** How often a task with a canary reports its figures, unless configured otherwise. */
    public static final Duration DEFAULT_CANARY_REPORT_INTERVAL = Duration.ofSeconds(10);

    static final long UPDATE_CHECK_MS = 200;

    /** What every task says at start, in its log and on the status topic, when unsigned announcements are accepted. */
    public static final String UNSIGNED_WARNING =
            "this job accepts unsigned model announcements (--allow-unsigned-models): anyone who can write to %s "
                    + "can swap the model it scores with; start it with --model-public-key to accept only signed ones";

    private static final Logger LOG = LoggerFactory.getLogger(ScoreReadings.class);

    private final ValidationRules rules;
    private final String modelLocation;
    private final ScoringSettings scoring;
    private final ModelTopic modelTopic;
    private final DriftSettings drift;

    private transient ScoringState state;
    private transient ReadingScorer scorer;
    private transient ModelControl control;
    private transient ModelFollower follower;
    private transient String task;
    private transient StreamRecord<JobOutput> statusRecord;
    private transient Consumer<JobOutput> emit;
    private transient StreamRecord<?> current;
    private transient StreamRecord<JobOutput> timerRecord;

    /**
     * The control topic to follow; null in a bounded run (a replay or test), which takes no model
     * announcements and ends with its input.
     *
     * @param kafka            the job's Kafka client settings
     * @param followFromMillis a fresh job follows announcements published from this time on
     * @param policy           which announcements it trusts (signatures, model locations)
     * @param shadowReportInterval how often a task with a shadow model reports how it compares
     * @param fetchTimeout     how long reading an announced model may take, and then loading it
     * @param canaryReportInterval how often a task with a canary reports its figures to the control topic
     * @param canaryKey        the job's canary report key ({@link CanarySeal}), made when the job is built
     */
    public record ModelTopic(
            Properties kafka,
            String topic,
            long followFromMillis,
            AnnouncementPolicy policy,
            Duration shadowReportInterval,
            Duration fetchTimeout,
            Duration canaryReportInterval,
            byte[] canaryKey)
            implements java.io.Serializable {

        /** No control topic: a bounded run, which takes no announcements. */
        static final ModelTopic NONE = new ModelTopic(new Properties(), "", 0, AnnouncementPolicy.unsignedInlineOnly());

        public ModelTopic {
            if (shadowReportInterval.isNegative() || shadowReportInterval.isZero()) {
                throw new IllegalArgumentException(
                        "--shadow-report-interval must be positive, was " + shadowReportInterval);
            }
            if (canaryReportInterval.isNegative() || canaryReportInterval.isZero()) {
                throw new IllegalArgumentException(
                        "--canary-report-interval must be positive, was " + canaryReportInterval);
            }
            new CanarySeal(canaryKey); // checks the key now, when the job is built
        }

        /**
         * Shadow models reported every {@link #DEFAULT_SHADOW_REPORT_INTERVAL}, models fetched within {@link
         * ModelUpdates#WORK_LIMIT}, canaries reported every {@link #DEFAULT_CANARY_REPORT_INTERVAL}, a new key.
         */
        public ModelTopic(Properties kafka, String topic, long followFromMillis, AnnouncementPolicy policy) {
            this(
                    kafka,
                    topic,
                    followFromMillis,
                    policy,
                    DEFAULT_SHADOW_REPORT_INTERVAL,
                    ModelUpdates.WORK_LIMIT,
                    DEFAULT_CANARY_REPORT_INTERVAL,
                    CanarySeal.newKey());
        }
    }

    /**
     * @param scoring what the job makes of a score, and the bounds of its per-machine state
     * @param drift   how to watch for drift ({@link DriftMonitor}); {@link DriftSettings#OFF} for not at all
     */
    public ScoreReadings(
            ValidationRules rules,
            String modelLocation,
            ScoringSettings scoring,
            ModelTopic modelTopic,
            DriftSettings drift) {
        this.rules = rules;
        this.modelLocation = modelLocation;
        this.scoring = scoring;
        this.modelTopic = modelTopic;
        this.drift = drift;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        var info = getRuntimeContext().getTaskInfo();
        state = new ScoringState();
        state.initialize(context, info.getIndexOfThisSubtask(), info.getNumberOfParallelSubtasks());
    }

    @Override
    public void open() throws Exception {
        super.open();
        var info = getRuntimeContext().getTaskInfo();
        int subtask = info.getIndexOfThisSubtask();
        int parallelism = info.getNumberOfParallelSubtasks();
        task = ModelStatuses.task(NAME, subtask, parallelism);
        var metrics = getMetricGroup();
        statusRecord = new StreamRecord<>(null);
        emit = this::emit;
        ModelTopic topic = modelTopic == null ? ModelTopic.NONE : modelTopic;
        control = new ModelControl(
                task,
                metrics,
                status -> emitControl(JobOutput.of(status)),
                topic.followFromMillis(),
                topic.shadowReportInterval().toMillis(),
                new CanaryControl(
                        task,
                        subtask,
                        parallelism,
                        topic.canaryKey(),
                        topic.canaryReportInterval().toMillis(),
                        metrics,
                        this::emitControl));
        ModelRestore restore = new ModelRestore(topic.kafka(), topic.topic(), topic.fetchTimeout());
        if (modelTopic != null && !modelTopic.policy().authenticates()) {
            control.report(new ModelStatus(
                    "",
                    ModelStatus.Outcome.WARNING,
                    UNSIGNED_WARNING.formatted(modelTopic.topic()),
                    "--allow-unsigned-models",
                    task,
                    System.currentTimeMillis()));
        }
        RegimeModel model = control.restore(state.restoredModels, restore, modelLocation);
        if (model == null) {
            model = RegimeModel.load(modelLocation);
            LOG.info("{}: scoring with {} from {}", task, model.describe(), modelLocation);
        }
        scorer = new ReadingScorer(rules, scoring, model, metrics);
        scorer.nameTask(task);
        control.start(scorer, state.restoredShadow, state.restoredCanary, restore);
        DriftMonitor monitor = null;
        if (drift.enabled()) {
            monitor = new DriftMonitor(drift, (subtask + 1) + "/" + parallelism, metrics, scorer.machines());
            scorer.monitorDrift(monitor);
        }
        restoreMachines(subtask, parallelism, monitor);
        timerRecord = new StreamRecord<>(null);
        scheduleHousekeeping(scorer.nextHousekeeping());
        state.forgetRestored();
        metrics.gauge("activeModelVersion", () -> scorer.model().version());
        metrics.gauge("shadowModelVersion", () -> {
            ShadowScorer shadow = scorer.shadow();
            return shadow == null ? "" : shadow.version();
        });
        metrics.gauge("shadowScoringFailures", () -> {
            ShadowScorer shadow = scorer.shadow();
            return shadow == null ? 0L : shadow.failures();
        });
        if (modelTopic != null) {
            metrics.gauge("unsignedModelsAccepted", () -> modelTopic.policy().authenticates() ? 0 : 1);
            follower = control.follower(
                    modelTopic.kafka(), modelTopic.topic(), modelTopic.policy(), modelTopic.fetchTimeout());
            metrics.gauge("modelTopicAvailable", () -> follower.available() ? 1 : 0);
            metrics.gauge("modelTopicErrors", () -> follower.errors());
            follower.start();
            scheduleUpdateCheck();
        }
    }

    @Override
    public void processElement(StreamRecord<KafkaRecord> element) throws Exception {
        if (follower != null && follower.hasUpdates()) {
            control.applyAll(follower);
        }
        KafkaRecord record = element.getValue();
        current = element; // outputs keep the Kafka record's timestamp, as a ProcessFunction's would
        scorer.process(record.value(), record.topic(), record.partition(), record.offset(), record.timestamp(), emit);
    }

    private void emit(JobOutput out) {
        output.collect(current.replace(out));
    }

    private void scheduleUpdateCheck() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(now + UPDATE_CHECK_MS, time -> {
            control.applyAll(follower);
            control.reportWhenDue(System.currentTimeMillis());
            scheduleUpdateCheck();
        });
    }

    /** Closes drift windows and evicts idle machines on time, also when no readings arrive. */
    private void scheduleHousekeeping(long due) {
        getProcessingTimeService().registerTimer(due, time -> {
            scheduleHousekeeping(scorer.housekeeping(System.currentTimeMillis(), this::emitFromTimer));
        });
    }

    private void emitFromTimer(JobOutput out) {
        output.collect(timerRecord.replace(out));
    }

    private void restoreMachines(int subtask, int parallelism, DriftMonitor monitor) {
        long now = System.currentTimeMillis();
        var machines = scorer.machines();
        MachineStateSnapshots.restore(machines, state.restoredMachines, subtask, parallelism, monitor, now);
        state.restoredTracks.forEach(tracks -> MachineStateSnapshots.restoreTracks(machines, tracks, now));
        if (machines.size() > 0) {
            LOG.info("{}: restored the regime tracks of {} machines", task, machines.size());
        }
    }

    /** Applies one decision of the follower (tests drive the operator with it directly). */
    void apply(ModelUpdate update) {
        control.apply(update);
    }

    /** Reports what is due by {@code now} (tests, whose harness has no timer without a control topic). */
    void reportWhenDue(long now) {
        control.reportWhenDue(now);
    }

    /** A status or a canary report, outside the processing of a reading. */
    private void emitControl(JobOutput out) {
        output.collect(statusRecord.replace(out));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        var info = getRuntimeContext().getTaskInfo();
        state.snapshot(control, scorer, info.getIndexOfThisSubtask(), info.getNumberOfParallelSubtasks());
    }

    @Override
    public void close() throws Exception {
        if (follower != null) {
            follower.close();
            follower = null;
        }
        super.close();
    }
}
