package io.regimestream.job.functions;

import io.regimestream.common.records.ModelStatus;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.model.ModelArtifact;
import io.regimestream.job.model.RegimeModel;
import io.regimestream.job.model.RegimeScore;
import io.regimestream.job.records.ScoredReading;
import io.regimestream.job.records.ValidReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Scores readings with the current PMML model and swaps the model when a new one is broadcast.
 *
 * <p>At start each task loads the model given with {@code --model} (a broken one fails the task,
 * naming the file), unless the job was restored from a checkpoint or savepoint that holds an
 * announced model: then that one, so a recovered job scores exactly as before the failure.
 *
 * <p>A broadcast {@link ModelArtifact} is loaded and checked completely ({@code verify()}, input
 * {@code temperature}, categorical regimes) <em>before</em> the task switches to it, between two
 * readings: every reading is scored by one whole model and its prediction names that model's
 * version. A model that fails a check is rejected: the task keeps its current model, logs why,
 * counts it ({@code modelUpdatesRejected}) and reports it on {@link ModelStatuses#TAG}; the job
 * never fails or restarts over an announced model. The accepted artifact is kept in broadcast
 * state, which is part of every checkpoint.
 *
 * <p>A reading the model cannot score becomes a {@code scoring_failed} dead letter. A prediction
 * whose confidence is below the threshold is flagged {@code lowConfidence} and counted.
 *
 * <p>Metrics: {@code recordsScored}, {@code scoringLatencyNanos} (histogram), {@code eventTimeLagMs},
 * {@code lowConfidenceReadings}, {@code modelUpdatesApplied}, {@code modelUpdatesRejected},
 * {@code activeModelVersion} (gauge), {@code deadLetters.scoring_failed}.
 */
public class ScoreReading extends BroadcastProcessFunction<ValidReading, ModelArtifact, ScoredReading>
        implements CheckpointedFunction {

    public static final String NAME = "score-regime";

    /** The announced model in use; empty while the task scores with {@code --model}. */
    public static final MapStateDescriptor<String, ModelArtifact> ACTIVE_MODEL = new MapStateDescriptor<>(
            "active-model", Types.STRING, TypeInformation.of(ModelArtifact.class));
    private static final String ACTIVE = "active";

    private static final Logger LOG = LoggerFactory.getLogger(ScoreReading.class);
    private static final int LATENCY_WINDOW = 10_000;

    private final String modelLocation;
    private final double lowConfidenceThreshold;
    private transient BroadcastState<String, ModelArtifact> activeModel;
    private transient ModelArtifact restored;
    private transient RegimeModel model;
    private transient String task;
    private transient DeadLetters deadLetters;
    private transient Counter scored;
    private transient Counter lowConfidence;
    private transient Counter updatesApplied;
    private transient Counter updatesRejected;
    private transient Histogram latency;
    private transient volatile long lastLagMs;

    /**
     * @param modelLocation          the start-up model ({@code --model})
     * @param lowConfidenceThreshold predictions less confident than this are flagged; 0 flags none
     */
    public ScoreReading(String modelLocation, double lowConfidenceThreshold) {
        this.modelLocation = modelLocation;
        this.lowConfidenceThreshold = lowConfidenceThreshold;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        activeModel = context.getOperatorStateStore().getBroadcastState(ACTIVE_MODEL);
        restored = context.isRestored() ? activeModel.get(ACTIVE) : null;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // The broadcast state is snapshotted by the operator; nothing else to keep.
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        var info = getRuntimeContext().getTaskInfo();
        task = ModelStatuses.task(NAME, info.getIndexOfThisSubtask(), info.getNumberOfParallelSubtasks());
        model = restored != null ? restoredModel() : null;
        if (model == null) {
            model = RegimeModel.load(modelLocation);
            LOG.info("{}: scoring with {} from {}", task, model.describe(), modelLocation);
        }
        var metrics = getRuntimeContext().getMetricGroup();
        deadLetters = DeadLetters.register(metrics, Set.of(RejectReason.SCORING_FAILED));
        scored = metrics.counter("recordsScored");
        lowConfidence = metrics.counter("lowConfidenceReadings");
        updatesApplied = metrics.counter("modelUpdatesApplied");
        updatesRejected = metrics.counter("modelUpdatesRejected");
        latency = metrics.histogram("scoringLatencyNanos", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        metrics.gauge("eventTimeLagMs", () -> lastLagMs);
        metrics.gauge("activeModelVersion", () -> model.version());
    }

    /**
     * The model in the checkpoint; null when it no longer loads (only after an upgrade of the job
     * or JPMML): failing here would fail every restart, so the task falls back to {@code --model}.
     */
    private RegimeModel restoredModel() throws Exception {
        try {
            RegimeModel fromCheckpoint = RegimeModel.load(restored);
            LOG.info("{}: scoring with {} from the checkpoint ({}), not --model {}", task, fromCheckpoint.describe(),
                    restored.source(), modelLocation);
            return fromCheckpoint;
        } catch (RuntimeException e) {
            LOG.error("{}: the model {} in the checkpoint no longer loads, scoring with --model {} instead "
                    + "(announce a model again): {}", task, restored.version(), modelLocation, e.getMessage());
            activeModel.remove(ACTIVE);
            return null;
        }
    }

    @Override
    public void processElement(ValidReading valid, ReadOnlyContext ctx, Collector<ScoredReading> out) {
        Reading reading = valid.reading();
        RegimeModel current = model;
        long started = System.nanoTime();
        RegimeScore score;
        try {
            score = current.score(reading.temperature());
        } catch (RuntimeException e) {
            ctx.output(DeadLetters.TAG, deadLetters.reject(valid.source(), RejectReason.SCORING_FAILED,
                    "the model " + current.version() + " could not score temperature " + reading.temperature() + ": "
                            + e.getMessage(), System.currentTimeMillis()));
            return;
        }
        latency.update(System.nanoTime() - started);
        long now = System.currentTimeMillis();
        lastLagMs = now - reading.timestamp();
        scored.inc();
        boolean unsure = score.confidence() < lowConfidenceThreshold;
        if (unsure) {
            lowConfidence.inc();
        }
        Prediction prediction = new Prediction(reading.machineId(), reading.timestamp(), reading.temperature(),
                score.regime(), score.confidence(), score.probabilities(), current.version(), now, unsure);
        out.collect(new ScoredReading(prediction, valid.source().partition(), valid.source().offset()));
    }

    @Override
    public void processBroadcastElement(ModelArtifact artifact, Context ctx, Collector<ScoredReading> out) throws Exception {
        RegimeModel candidate;
        try {
            candidate = RegimeModel.load(artifact);
        } catch (RuntimeException e) { // whatever is wrong with a model, it must not fail (and restart) the job
            updatesRejected.inc();
            LOG.warn("{}: model {} rejected, still scoring with {}: {}", task, artifact.version(), model.version(), e.getMessage());
            ctx.output(ModelStatuses.TAG, status(artifact, ModelStatus.Outcome.REJECTED, e.getMessage()
                    + " (still scoring with " + model.version() + ")"));
            return;
        }
        String previous = model.version();
        model = candidate;
        ctx.getBroadcastState(ACTIVE_MODEL).put(ACTIVE, artifact);
        updatesApplied.inc();
        LOG.info("{}: switched from model {} to {}", task, previous, candidate.describe());
        ctx.output(ModelStatuses.TAG, status(artifact, ModelStatus.Outcome.ACTIVATED,
                "scoring with " + candidate.describe() + " (was " + previous + ")"));
    }

    private ModelStatus status(ModelArtifact artifact, ModelStatus.Outcome outcome, String detail) {
        return new ModelStatus(artifact.version(), outcome, detail, artifact.source(), task, System.currentTimeMillis());
    }
}
