package io.regimestream.job.functions;

import io.regimestream.common.records.ModelStatus;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.health.DriftMonitor;
import io.regimestream.job.health.DriftSettings;
import io.regimestream.model.AnnouncementPolicy;
import io.regimestream.model.ModelArtifact;
import io.regimestream.model.RegimeModel;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.KafkaRecord;
import io.regimestream.job.updates.AppliedModels;
import io.regimestream.job.updates.ModelFollower;
import io.regimestream.job.updates.ModelUpdate;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

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
 * <p><b>State</b> (union operator state, so both survive rescaling):
 * <ul>
 *   <li>{@value #MODEL_STATE}: per task, the active announced model (version, source, sha256,
 *       bytes) and the control-topic offsets it has applied ({@link AppliedModels}). A restored task
 *       scores with that model instead of {@code --model} (one that no longer loads falls back to
 *       {@code --model} with an ERROR) and follows the topic from those offsets.</li>
 *   <li>{@value #TRACKS_STATE}: the per-machine regime tracks ({@link RegimeTracks}).</li>
 * </ul>
 *
 * <p><b>Drift</b> ({@link DriftMonitor}, unless {@code --drift-window 0}): every scored reading is
 * counted into per-machine and overall windows; a processing-time timer at each window boundary
 * emits the figures ({@code model_health}) and {@code model-drift} events. Not in the state.
 *
 * <p>Metrics besides the scorer's: {@code modelUpdatesApplied}, {@code modelUpdatesRejected},
 * {@code modelAnnouncementsRejected} (unreadable announcement, location or sha256) and the gauge
 * {@code activeModelVersion}.
 */
public class ScoreReadings extends AbstractStreamOperator<JobOutput> implements OneInputStreamOperator<KafkaRecord, JobOutput> {

    private static final long serialVersionUID = 1L;

    /** Names the task in model statuses ({@code score-regime 1/2}). */
    public static final String NAME = "score-regime";
    static final String MODEL_STATE = "applied-models";
    static final String TRACKS_STATE = "regime-tracks";
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
    private transient AppliedModels restoredModels;
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
     */
    public record ModelTopic(Properties kafka, String topic, long followFromMillis, AnnouncementPolicy policy)
            implements java.io.Serializable {
    }

    public ScoreReadings(ValidationRules rules, String modelLocation, double lowConfidenceThreshold, int regimeChangeReadings,
                         ModelTopic modelTopic) {
        this(rules, modelLocation, lowConfidenceThreshold, regimeChangeReadings, modelTopic, DriftSettings.OFF);
    }

    /** @param drift how to watch for drift ({@link DriftMonitor}); {@link DriftSettings#OFF} for not at all */
    public ScoreReadings(ValidationRules rules, String modelLocation, double lowConfidenceThreshold, int regimeChangeReadings,
                         ModelTopic modelTopic, DriftSettings drift) {
        new RegimeTracks(regimeChangeReadings); // checks the debounce count now, when the job is built, not in the tasks
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
        modelState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(MODEL_STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        tracksState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(TRACKS_STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        restoredModels = null;
        restoredTracks = new ArrayList<>();
        if (context.isRestored()) {
            List<AppliedModels> entries = new ArrayList<>();
            for (byte[] bytes : modelState.get()) {
                entries.add(AppliedModels.fromBytes(bytes));
            }
            restoredModels = AppliedModels.choose(entries, info.getIndexOfThisSubtask(), info.getNumberOfParallelSubtasks());
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
            LOG.info("{}: restored the regime tracks of {} machines", task, scorer.tracks().size());
        }
        restoredTracks = null;
        if (drift.enabled()) {
            scorer.monitorDrift(new DriftMonitor(drift, (info.getIndexOfThisSubtask() + 1) + "/"
                    + info.getNumberOfParallelSubtasks(), metrics));
            driftRecord = new StreamRecord<>(null);
            scheduleDriftCheck();
        }
        updatesApplied = metrics.counter("modelUpdatesApplied");
        updatesRejected = metrics.counter("modelUpdatesRejected");
        announcementsRejected = metrics.counter("modelAnnouncementsRejected");
        metrics.gauge("activeModelVersion", () -> scorer.model().version());
        statusRecord = new StreamRecord<>(null);
        emit = this::emit;
        if (modelTopic != null) {
            follower = new ModelFollower(modelTopic.kafka(), modelTopic.topic(), followFromMillis, appliedOffsets, task,
                    modelTopic.policy());
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
            LOG.info("{}: scoring with {} from the checkpoint ({}), not --model {}", task, fromCheckpoint.describe(),
                    restored.source(), modelLocation);
            return fromCheckpoint;
        } catch (RuntimeException e) {
            LOG.error("{}: the model {} in the checkpoint no longer loads, scoring with --model {} instead "
                    + "(announce a model again): {}", task, restored.version(), modelLocation, e.getMessage());
            return null;
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
        String previous = scorer.model().version();
        ModelStatus status;
        if (update.isReady()) {
            scorer.useModel(update.model());
            activeArtifact = update.artifact();
            updatesApplied.inc();
            LOG.info("{}: switched from model {} to {}", task, previous, update.model().describe());
            status = status(update, ModelStatus.Outcome.ACTIVATED, "scoring with " + update.model().describe()
                    + " (was " + previous + ")");
        } else {
            (update.unreadableAnnouncement() ? announcementsRejected : updatesRejected).inc();
            LOG.warn("{}: model {} rejected, still scoring with {}: {}", task, update.version(), previous, update.rejection());
            status = status(update, ModelStatus.Outcome.REJECTED, update.rejection() + " (still scoring with " + previous + ")");
        }
        appliedOffsets.put(update.partition(), update.offset() + 1);
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
        modelState.update(List.of(new AppliedModels(info.getIndexOfThisSubtask(), info.getNumberOfParallelSubtasks(),
                followFromMillis, activeArtifact, appliedOffsets).toBytes()));
        tracksState.update(List.of(scorer.tracks().snapshot(info.getIndexOfThisSubtask(), info.getNumberOfParallelSubtasks())));
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
