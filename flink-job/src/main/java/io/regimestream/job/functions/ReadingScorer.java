package io.regimestream.job.functions;

import io.regimestream.common.records.InvalidRecordException;
import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.canary.CanaryScorer;
import io.regimestream.job.config.ScoringSettings;
import io.regimestream.job.config.ValidationRules;
import io.regimestream.job.health.DriftMonitor;
import io.regimestream.job.health.DriftWatch;
import io.regimestream.job.machines.MachineState;
import io.regimestream.job.machines.MachineStates;
import io.regimestream.job.records.JobOutput;
import io.regimestream.job.records.ScoredReading;
import io.regimestream.job.shadow.ShadowScorer;
import io.regimestream.model.RegimeModel;
import io.regimestream.model.RegimeScore;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The job's whole work for one Kafka record, without Flink: validate (a reject becomes a dead
 * letter with its reason), find the machine's record ({@link MachineStates}: one lookup; a machine
 * beyond the task's limit is a dead letter too), score with the current model (flagging low
 * confidence), move the machine's regime track on (a confirmed change is an output too) and count
 * the reading into its drift window ({@link DriftMonitor}, against the baseline of the model that
 * scored it); a shadow model, when there is one, scores the reading too, for comparison only
 * ({@link ShadowScorer}); a canary, when there is one, scores the readings of its share of machines
 * instead of the active model ({@link CanaryScorer}: its predictions say so, only the active model's
 * readings go to the shadow, and the canary's drift windows measure against the canary's baseline).
 * The Flink operator calls it for each record; a plain Kafka loop can call it the same way and do
 * exactly the job's work.
 *
 * <p>Metrics, on the group it is given: {@code recordsScored}, {@code lowConfidenceReadings},
 * {@code regimeChanges}, {@code reason.<reason>.deadLetters}, {@code eventTimeLagMs} (gauge) and
 * {@code scoringLatencyNanos} (histogram of the last 10,000 samples; one record in
 * {@value #LATENCY_SAMPLE_EVERY} is timed: two {@code nanoTime} calls and a histogram update per
 * record are a noticeable cost next to the fast scorer's).
 *
 * <p>Not thread-safe: one per task, called by the task's thread only.
 */
public final class ReadingScorer {

    static final int LATENCY_SAMPLE_EVERY = 64;
    private static final int LATENCY_WINDOW = 10_000;

    private final ReadingValidator validator;
    private final double lowConfidenceThreshold;
    private final MachineStates machines;
    private final DeadLetters deadLetters;
    private final Counter scored;
    private final Counter lowConfidence;
    private final Counter changes;
    private final Histogram latency;
    private RegimeModel model;
    private ShadowScorer shadow;
    private CanaryScorer canary;
    private DriftMonitor drift; // null: drift monitoring off
    private DriftWatch activeWatch; // the active model's, when drift is on
    private DriftWatch canaryWatch; // the canary's, when drift is on and a canary runs
    private String task = "this scoring task"; // named in dead letters
    private LongSupplier clock = System::currentTimeMillis; // processing time
    private long records;
    private long lastLagMs; // read by the metrics thread: a stale value is fine, a volatile write per record is not

    public ReadingScorer(ValidationRules rules, ScoringSettings scoring, RegimeModel model, MetricGroup metrics) {
        this.validator = new ReadingValidator(rules);
        this.lowConfidenceThreshold = scoring.lowConfidenceThreshold();
        this.machines = new MachineStates(scoring, metrics);
        this.model = model;
        this.deadLetters = DeadLetters.register(metrics);
        this.scored = metrics.counter("recordsScored");
        this.lowConfidence = metrics.counter("lowConfidenceReadings");
        this.changes = metrics.counter("regimeChanges");
        this.latency = metrics.histogram("scoringLatencyNanos", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        metrics.gauge("eventTimeLagMs", () -> lastLagMs);
    }

    /**
     * Processes one Kafka record: a dead letter, or a prediction possibly followed by a regime change.
     *
     * @param kafkaTimestamp the record's timestamp, negative when it has none
     */
    public void process(
            byte[] value, String topic, int partition, long offset, long kafkaTimestamp, Consumer<JobOutput> out) {
        long now = clock.getAsLong();
        long recordTime = kafkaTimestamp >= 0 ? kafkaTimestamp : now; // a replay's dead letter is the same one
        Reading reading;
        try {
            reading = validator.validate(value, kafkaTimestamp, now);
        } catch (InvalidRecordException e) {
            out.accept(JobOutput.of(
                    deadLetters.reject(value, topic, partition, offset, e.reason(), e.getMessage(), recordTime)));
            return;
        }
        MachineState machine = machines.claim(reading.machineId(), now);
        if (machine == null) {
            out.accept(JobOutput.of(deadLetters.reject(
                    value,
                    topic,
                    partition,
                    offset,
                    RejectReason.TOO_MANY_MACHINES,
                    machines.refusal(reading.machineId(), task),
                    recordTime)));
            return;
        }
        CanaryScorer trial = canary;
        boolean byCandidate = trial != null && trial.scores(reading.machineId());
        RegimeModel current = byCandidate ? trial.model() : model;
        RegimeScore score;
        try {
            // Records 0, 64, 128, ...: the first one too, so a task that saw few records has a sample.
            score = (records++ & (LATENCY_SAMPLE_EVERY - 1)) == 0
                    ? timedScore(current, reading.temperature())
                    : current.score(reading.temperature());
        } catch (RuntimeException e) {
            out.accept(JobOutput.of(deadLetters.reject(
                    value,
                    topic,
                    partition,
                    offset,
                    RejectReason.SCORING_FAILED,
                    "the model " + current.version() + " could not score temperature " + reading.temperature() + ": "
                            + e.getMessage(),
                    recordTime)));
            return;
        }
        lastLagMs = now - reading.timestamp();
        scored.inc();
        boolean unsure = score.confidence() < lowConfidenceThreshold;
        if (unsure) {
            lowConfidence.inc();
        }
        Prediction prediction = new Prediction(
                reading.machineId(),
                reading.timestamp(),
                reading.temperature(),
                score.regime(),
                score.confidence(),
                score.probabilities(),
                current.version(),
                now,
                unsure,
                byCandidate);
        out.accept(JobOutput.of(new ScoredReading(prediction, partition, offset)));
        if (trial != null) {
            trial.observe(byCandidate, reading.temperature(), score.regime(), unsure);
        }
        if (shadow != null && !byCandidate) { // without a shadow model this null check is all it costs
            shadow.score(reading.temperature(), score);
        }
        RegimeChange change =
                machines.observe(machine, reading.timestamp(), score.regime(), score.confidence(), current.version());
        if (change != null) {
            changes.inc();
            out.accept(JobOutput.of(change));
        }
        if (drift != null) {
            drift.observe(
                    machine,
                    byCandidate ? canaryWatch : activeWatch,
                    score.regime(),
                    reading.temperature(),
                    unsure,
                    now,
                    out);
        }
    }

    private RegimeScore timedScore(RegimeModel current, double temperature) {
        long started = System.nanoTime();
        RegimeScore score = current.score(temperature);
        latency.update(System.nanoTime() - started);
        return score;
    }

    public RegimeModel model() {
        return model;
    }

    /** Scores every following record with {@code next}: a swap between two records, never during one. */
    public void useModel(RegimeModel next) {
        this.model = next;
        if (drift != null) {
            activeWatch = drift.activate(next, clock.getAsLong());
        }
    }

    /**
     * Feeds every following scored reading to {@code monitor}, measured against the current model's
     * baseline; the monitor evaluates the windows of {@link #machines()}.
     */
    public void monitorDrift(DriftMonitor monitor) {
        this.drift = monitor;
        this.activeWatch = monitor.activate(model, clock.getAsLong());
        watchCanary();
    }

    /**
     * The canary's readings are measured against the canary's baseline, under its version; when it
     * ends, its windows are dropped (its machines' next readings start afresh under the active model,
     * keeping what was raised: see {@link DriftMonitor}).
     */
    private void watchCanary() {
        DriftWatch next = canary == null ? null : drift.watch(canary.model(), clock.getAsLong());
        if (canaryWatch != null && canaryWatch != next && canaryWatch != activeWatch) {
            drift.retire(canaryWatch);
        }
        canaryWatch = next;
    }

    /** The drift monitor, or null when drift monitoring is off. */
    public DriftMonitor drift() {
        return drift;
    }

    /** Takes processing time from {@code processingTime} instead of the system clock (a simulation in tests). */
    public void useClock(LongSupplier processingTime) {
        this.clock = processingTime;
    }

    /** Names the task in the dead letters of machines beyond its limit, e.g. {@code score-regime 1/2}. */
    public void nameTask(String name) {
        this.task = name;
    }

    /**
     * What is due at {@code now} besides records: the drift windows' evaluation at their boundary, the
     * eviction of idle machines.
     *
     * @return when it is next due ({@link #nextHousekeeping()}), for the operator's timer
     */
    public long housekeeping(long now, Consumer<JobOutput> out) {
        if (drift != null && now >= drift.nextBoundary()) {
            drift.advance(now, out);
        }
        machines.evictIdle(now);
        return nextHousekeeping();
    }

    /** When {@link #housekeeping} is next due. */
    public long nextHousekeeping() {
        return drift == null ? machines.nextSweep() : Math.min(drift.nextBoundary(), machines.nextSweep());
    }

    /** The shadow model scoring beside the active one, or null. */
    public ShadowScorer shadow() {
        return shadow;
    }

    /** Scores every following record with {@code next} beside the active model too (null: no more). */
    public void useShadow(ShadowScorer next) {
        this.shadow = next;
    }

    /** The canary scoring a share of the machines, or null. */
    public CanaryScorer canary() {
        return canary;
    }

    /** Scores the following records of {@code next}'s share of machines with its candidate (null: all with the active model). */
    public void useCanary(CanaryScorer next) {
        this.canary = next;
        if (drift != null) {
            watchCanary();
        }
    }

    /** The per-machine records: regime tracks and drift windows. */
    public MachineStates machines() {
        return machines;
    }
}
