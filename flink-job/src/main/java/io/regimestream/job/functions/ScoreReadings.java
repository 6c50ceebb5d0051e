package io.regimestream.job.functions;

import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.ShadowReport;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.health.DriftMonitor;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.shadow.ShadowScorer;
import io.regimestream.job.updates.AppliedModels;
import io.regimestream.job.updates.LoadedModel;
import io.regimestream.job.updates.ModelFollower;
import io.regimestream.job.updates.ModelUpdate;
import io.regimestream.job.updates.ShadowModels;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.ModelArtifact;
import io.regimestream.model.RegimeModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
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
 * thread with its own consumer), which fetches, checks and loads an announced model off the hot
 * path. The task applies what the follower prepared between two records (one volatile read per
 * record when nothing is pending) and from a processing-time timer every {@link #UPDATE_CHECK_MS}
 * ms, so a status goes out without readings too: a verified model becomes the model of every
 * following record ({@code activated}); a rejected one changes nothing ({@code rejected}, with
 * why). Either way one status per task goes to the status topic, and the job never fails or
 * restarts over an announced model.
 *
 * <p><b>Shadow models.</b> A verified model announced with {@code "mode":"shadow"} scores every
 * following reading beside the active model ({@link ShadowScorer}, a second score per reading) and
 * changes no output ({@code shadowing}); a newer shadow replaces it. Every
 * {@link ModelTopic#shadowReportInterval()} the task reports how the two compared on the readings
 * since the last report ({@code shadow_report} on the status topic, {@code model_shadow} in
 * InfluxDB); a report also closes the figures of a pair when the active or the shadow model
 * changes. An active announcement of the shadow's version and sha256 promotes it between two
 * readings (no re-fetch); an active announcement of another version leaves the shadow in place,
 * compared with the new active model from then on.
 *
 * <p><b>State</b> (union operator state, so both survive rescaling):
 * <ul>
 *   <li>{@value #MODEL_STATE}: per task, the active announced model (version, source, sha256,
 *       bytes) and the control-topic offsets it has applied ({@link AppliedModels}). A restored task
 *       scores with that model instead of {@code --model} (one that no longer loads falls back to
 *       {@code --model} with an ERROR) and follows the topic from those offsets.</li>
 *   <li>{@value #TRACKS_STATE}: the per-machine regime tracks ({@link RegimeTracks}).</li>
 *   <li>{@value #SHADOW_STATE}: per task, the shadow model ({@link ShadowModels}), restored with the
 *       {@value #MODEL_STATE} entry of the same task (none in checkpoints of older jobs).</li>
 * </ul>
 *
 * <p><b>Drift</b> ({@link DriftMonitor}, unless {@code --drift-window 0}): every scored reading is
 * counted into per-machine and overall windows; a processing-time timer at each window boundary
 * emits the figures ({@code model_health}) and {@code model-drift} events. Not in the state.
 *
 * <p>Metrics besides the scorer's: {@code modelUpdatesApplied}, {@code modelUpdatesRejected},
 * {@code modelAnnouncementsRejected} (unreadable announcement, location or sha256) and the gauges
 * {@code activeModelVersion}, {@code shadowModelVersion} ("" when none) and {@code shadowScoringFailures}
 * (readings the shadow could not score, since it started).
 */
public class ScoreReadings extends AbstractStreamOperator<JobOutput>
        implements OneInputStreamOperator<KafkaRecord, JobOutput> {

    private static final long serialVersionUID = 1L;

    /** Names the task in model statuses ({@code score-regime 1/2}). */
    public static final String NAME = "score-regime";

    static final String MODEL_STATE = "applied-models";
    static final String TRACKS_STATE = "regime-tracks";
    static final String SHADOW_STATE = "shadow-models";
    /** How often a task with a shadow model reports how it compares, unless configured otherwise. */
    public static final Duration DEFAULT_SHADOW_REPORT_INTERVAL = Duration.ofSeconds(10);

    static final long UPDATE_CHECK_MS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(ScoreReadings.class);

    private final ValidationRules rules;
    private final String modelLocation;
    private final double lowConfidenceThreshold;
    private final int regimeChangeReadings;
    private final ModelTopic modelTopic;
    private final DriftSettings drift;

    private transient ListState<byte[]> modelState;
    private transient ListState<byte[]> tracksState;
    private transient ListState<byte[]> shadowState;
    private transient AppliedModels restoredModels;
    private transient ShadowModels restoredShadow;
    private transient long nextShadowReport;
    private transient long shadowReportMillis;
    private transient List<byte[]> restoredTracks;
    private transient ReadingScorer scorer;
    private transient ModelFollower follower;
    private transient ModelArtifact activeArtifact;
    private transient Map<Integer, Long> appliedOffsets;
    private transient long followFromMillis;
    private transient String task;
    private transient Counter updatesApplied;
    private transient Counter updatesRejected;
    private transient Counter announcementsRejected;
    private transient StreamRecord<JobOutput> statusRecord;
    private transient Consumer<JobOutput> emit;
    private transient StreamRecord<?> current;
    private transient StreamRecord<JobOutput> driftRecord;

    /**
     * The control topic to follow; null in a bounded run (a replay or test), which takes no model
     * announcements and ends with its input.
     *
     * @param kafka            the job's Kafka client settings
     * @param followFromMillis a fresh job follows announcements published from this time on
     * @param policy           which announcements it trusts (signatures, model locations)
     * @param shadowReportInterval how often a task with a shadow model reports how it compares
     */
    public record ModelTopic(
            Properties kafka,
            String topic,
            long followFromMillis,
            AnnouncementPolicy policy,
            Duration shadowReportInterval)
            implements java.io.Serializable {

        public ModelTopic {
            if (shadowReportInterval.isNegative() || shadowReportInterval.isZero()) {
                throw new IllegalArgumentException(
                        "--shadow-report-interval must be positive, was " + shadowReportInterval);
            }
        }

        /** Shadow models reported every {@link #DEFAULT_SHADOW_REPORT_INTERVAL}. */
        public ModelTopic(Properties kafka, String topic, long followFromMillis, AnnouncementPolicy policy) {
            this(kafka, topic, followFromMillis, policy, DEFAULT_SHADOW_REPORT_INTERVAL);
        }
    }

    public ScoreReadings(
            ValidationRules rules,
            String modelLocation,
            double lowConfidenceThreshold,
            int regimeChangeReadings,
            ModelTopic modelTopic) {
        this(rules, modelLocation, lowConfidenceThreshold, regimeChangeReadings, modelTopic, DriftSettings.OFF);
    }

    /** @param drift how to watch for drift ({@link DriftMonitor}); {@link DriftSettings#OFF} for not at all */
    public ScoreReadings(
            ValidationRules rules,
            String modelLocation,
            double lowConfidenceThreshold,
            int regimeChangeReadings,
            ModelTopic modelTopic,
            DriftSettings drift) {
        new RegimeTracks(
                regimeChangeReadings); // checks the debounce count now, when the job is built, not in the tasks
        this.rules = rules;
        this.modelLocation = modelLocation;
        this.lowConfidenceThreshold = lowConfidenceThreshold;
        this.regimeChangeReadings = regimeChangeReadings;
        this.modelTopic = modelTopic;
        this.drift = drift;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        var info = getRuntimeContext().getTaskInfo();
        modelState = context.getOperatorStateStore()
                .getUnionListState(
                        new ListStateDescriptor<>(MODEL_STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        tracksState = context.getOperatorStateStore()
                .getUnionListState(
                        new ListStateDescriptor<>(TRACKS_STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        shadowState = context.getOperatorStateStore()
                .getUnionListState(
                        new ListStateDescriptor<>(SHADOW_STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        restoredModels = null;
        restoredShadow = null;
        restoredTracks = new ArrayList<>();
        if (context.isRestored()) {
            List<AppliedModels> entries = new ArrayList<>();
            for (byte[] bytes : modelState.get()) {
                entries.add(AppliedModels.fromBytes(bytes));
            }
            restoredModels =
                    AppliedModels.choose(entries, info.getIndexOfThisSubtask(), info.getNumberOfParallelSubtasks());
            List<ShadowModels> shadows = new ArrayList<>();
            for (byte[] bytes : shadowState.get()) {
                shadows.add(ShadowModels.fromBytes(bytes));
            }
            restoredShadow = ShadowModels.choose(shadows, restoredModels);
            for (byte[] bytes : tracksState.get()) {
                restoredTracks.add(bytes);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        var info = getRuntimeContext().getTaskInfo();
        task = ModelStatuses.task(NAME, info.getIndexOfThisSubtask(), info.getNumberOfParallelSubtasks());
        var metrics = getMetricGroup();
        appliedOffsets = new TreeMap<>();
        followFromMillis = modelTopic == null ? 0 : modelTopic.followFromMillis();
        shadowReportMillis =
                (modelTopic == null ? DEFAULT_SHADOW_REPORT_INTERVAL : modelTopic.shadowReportInterval()).toMillis();
        RegimeModel model = null;
        if (restoredModels != null) {
            appliedOffsets.putAll(restoredModels.nextOffsets());
            followFromMillis = restoredModels.followFromMillis();
            model = restoredModel(restoredModels.artifact());
        }
        if (model == null) {
            model = RegimeModel.load(modelLocation);
            LOG.info("{}: scoring with {} from {}", task, model.describe(), modelLocation);
        }
        scorer = new ReadingScorer(rules, lowConfidenceThreshold, regimeChangeReadings, model, metrics);
        for (byte[] tracks : restoredTracks) {
            scorer.tracks().restore(tracks);
        }
        if (!restoredTracks.isEmpty()) {
            LOG.info(
                    "{}: restored the regime tracks of {} machines",
                    task,
                    scorer.tracks().size());
        }
        restoredTracks = null;
        restoreShadow();
        if (drift.enabled()) {
            scorer.monitorDrift(new DriftMonitor(
                    drift, (info.getIndexOfThisSubtask() + 1) + "/" + info.getNumberOfParallelSubtasks(), metrics));
            driftRecord = new StreamRecord<>(null);
            scheduleDriftCheck();
        }
        updatesApplied = metrics.counter("modelUpdatesApplied");
        updatesRejected = metrics.counter("modelUpdatesRejected");
        announcementsRejected = metrics.counter("modelAnnouncementsRejected");
        metrics.gauge("activeModelVersion", () -> scorer.model().version());
        metrics.gauge("shadowModelVersion", () -> {
            ShadowScorer shadow = scorer.shadow();
            return shadow == null ? "" : shadow.version();
        });
        metrics.gauge("shadowScoringFailures", () -> {
            ShadowScorer shadow = scorer.shadow();
            return shadow == null ? 0L : shadow.failures();
        });
        statusRecord = new StreamRecord<>(null);
        emit = this::emit;
        if (modelTopic != null) {
            follower = new ModelFollower(
                    modelTopic.kafka(),
                    modelTopic.topic(),
                    followFromMillis,
                    appliedOffsets,
                    task,
                    modelTopic.policy(),
                    scorer.shadow() == null ? null : scorer.shadow().loaded());
            nextShadowReport = System.currentTimeMillis() + shadowReportMillis;
            follower.start();
            scheduleUpdateCheck();
        }
    }

    /**
     * The model in the checkpoint; null when there is none, or it no longer loads (only after an
     * upgrade of the job or JPMML): failing here would fail every restart, so the task falls back to
     * {@code --model}.
     */
    private RegimeModel restoredModel(ModelArtifact restored) {
        if (restored == null) {
            return null;
        }
        try {
            RegimeModel fromCheckpoint = RegimeModel.load(restored);
            activeArtifact = restored;
            LOG.info(
                    "{}: scoring with {} from the checkpoint ({}), not --model {}",
                    task,
                    fromCheckpoint.describe(),
                    restored.source(),
                    modelLocation);
            return fromCheckpoint;
        } catch (RuntimeException e) {
            LOG.error(
                    "{}: the model {} in the checkpoint no longer loads, scoring with --model {} instead "
                            + "(announce a model again): {}",
                    task,
                    restored.version(),
                    modelLocation,
                    e.getMessage());
            return null;
        }
    }

    /** The shadow model in the checkpoint, if any, scores beside the active one again; one that no longer loads is dropped. */
    private void restoreShadow() {
        ModelArtifact restored = restoredShadow == null ? null : restoredShadow.artifact();
        restoredShadow = null;
        if (restored == null) {
            return;
        }
        try {
            RegimeModel shadow = RegimeModel.load(restored);
            scorer.useShadow(
                    new ShadowScorer(new LoadedModel(restored, shadow), scorer.model(), System.currentTimeMillis()));
            LOG.info(
                    "{}: shadow model {} from the checkpoint ({}) scores beside {}",
                    task,
                    shadow.describe(),
                    restored.source(),
                    scorer.model().version());
        } catch (RuntimeException e) {
            LOG.error(
                    "{}: the shadow model {} in the checkpoint no longer loads, continuing without a shadow "
                            + "(announce it again): {}",
                    task,
                    restored.version(),
                    e.getMessage());
        }
    }

    @Override
    public void processElement(StreamRecord<KafkaRecord> element) throws Exception {
        if (follower != null && follower.hasUpdates()) {
            applyUpdates();
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
            follower.checkHealthy();
            applyUpdates();
            reportShadowWhenDue();
            scheduleUpdateCheck();
        });
    }

    /** Closes drift windows on time, also when no readings arrive (the scorer closes them between readings too). */
    private void scheduleDriftCheck() {
        getProcessingTimeService().registerTimer(scorer.drift().nextBoundary(), time -> {
            scorer.drift().advance(System.currentTimeMillis(), out -> output.collect(driftRecord.replace(out)));
            scheduleDriftCheck();
        });
    }

    /** Applies every prepared announcement, in topic order; runs in the task thread. */
    private void applyUpdates() {
        ModelUpdate update;
        while ((update = follower.poll()) != null) {
            apply(update);
        }
    }

    void apply(ModelUpdate update) {
        if (update.isShadow()) {
            applyShadow(update);
        } else {
            applyActive(update);
        }
        appliedOffsets.put(update.partition(), update.offset() + 1);
    }

    private void applyActive(ModelUpdate update) {
        String previous = scorer.model().version();
        ModelStatus status;
        if (update.isReady()) {
            ShadowScorer shadow = scorer.shadow();
            boolean promotion = update.promotes(shadow == null ? null : shadow.artifact());
            if (shadow != null) { // the figures so far belong to the pair that ends here
                reportShadow(shadow, update.model());
            }
            scorer.useModel(update.model());
            if (promotion) {
                scorer.useShadow(null);
            }
            activeArtifact = update.artifact();
            updatesApplied.inc();
            LOG.info(
                    "{}: switched from model {} to {}{}",
                    task,
                    previous,
                    update.model().describe(),
                    promotion ? " (the shadow model, promoted)" : "");
            status = status(
                    update,
                    ModelStatus.Outcome.ACTIVATED,
                    (promotion ? "promoted the shadow model: " : "")
                            + "scoring with " + update.model().describe() + " (was " + previous + ")"
                            + (shadow != null && !promotion
                                    ? "; shadow " + shadow.version() + " now compared with it"
                                    : ""));
        } else {
            (update.unreadableAnnouncement() ? announcementsRejected : updatesRejected).inc();
            LOG.warn(
                    "{}: model {} rejected, still scoring with {}: {}",
                    task,
                    update.version(),
                    previous,
                    update.rejection());
            status = status(
                    update,
                    ModelStatus.Outcome.REJECTED,
                    update.rejection() + " (still scoring with " + previous + ")");
        }
        emitStatus(status);
    }

    /** A shadow announcement: the verified model scores beside the active one from the next reading on, replacing any shadow. */
    private void applyShadow(ModelUpdate update) {
        String active = scorer.model().version();
        ShadowScorer previous = scorer.shadow();
        ModelStatus status;
        if (update.isReady()) {
            if (previous != null) {
                reportShadow(previous, scorer.model());
            }
            long now = System.currentTimeMillis();
            scorer.useShadow(new ShadowScorer(new LoadedModel(update.artifact(), update.model()), scorer.model(), now));
            nextShadowReport = now + shadowReportMillis;
            LOG.info(
                    "{}: shadow model {} scores beside {}{}",
                    task,
                    update.model().describe(),
                    active,
                    previous == null ? "" : ", replacing shadow " + previous.version());
            status = status(
                    update,
                    ModelStatus.Outcome.SHADOWING,
                    "shadow model " + update.model().describe()
                            + " scores beside " + active + ", outputs unchanged"
                            + (previous == null ? "" : " (replaces shadow " + previous.version() + ")"));
        } else {
            (update.unreadableAnnouncement() ? announcementsRejected : updatesRejected).inc();
            String kept = previous == null ? "no shadow" : "shadow still " + previous.version();
            LOG.warn(
                    "{}: shadow model {} rejected, still scoring with {}, {}: {}",
                    task,
                    update.version(),
                    active,
                    kept,
                    update.rejection());
            status = status(
                    update,
                    ModelStatus.Outcome.REJECTED,
                    "shadow model: " + update.rejection() + " (still scoring with " + active + ", " + kept + ")");
        }
        emitStatus(status);
    }

    private void reportShadowWhenDue() {
        ShadowScorer shadow = scorer.shadow();
        long now = System.currentTimeMillis();
        if (shadow != null && now >= nextShadowReport) {
            reportShadow(shadow, scorer.model());
            nextShadowReport = now + shadowReportMillis;
        }
    }

    /** Emits how {@code shadow} compared since its last report (nothing without readings); it is compared with {@code active} from now on. */
    private void reportShadow(ShadowScorer shadow, RegimeModel active) {
        ShadowReport report = shadow.report(active, System.currentTimeMillis());
        if (report != null) {
            emitStatus(new ModelStatus(
                    shadow.version(),
                    ModelStatus.Outcome.SHADOW_REPORT,
                    report.summary(),
                    shadow.artifact().source(),
                    task,
                    report.toMillis(),
                    report));
        }
    }

    private void emitStatus(ModelStatus status) {
        statusRecord.replace(JobOutput.of(status));
        output.collect(statusRecord);
    }

    private ModelStatus status(ModelUpdate update, ModelStatus.Outcome outcome, String detail) {
        return new ModelStatus(update.version(), outcome, detail, update.source(), task, System.currentTimeMillis());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        var info = getRuntimeContext().getTaskInfo();
        modelState.update(List.of(new AppliedModels(
                        info.getIndexOfThisSubtask(),
                        info.getNumberOfParallelSubtasks(),
                        followFromMillis,
                        activeArtifact,
                        appliedOffsets)
                .toBytes()));
        tracksState.update(
                List.of(scorer.tracks().snapshot(info.getIndexOfThisSubtask(), info.getNumberOfParallelSubtasks())));
        ShadowScorer shadow = scorer.shadow();
        shadowState.update(List.of(new ShadowModels(
                        info.getIndexOfThisSubtask(),
                        info.getNumberOfParallelSubtasks(),
                        shadow == null ? null : shadow.artifact())
                .toBytes()));
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
