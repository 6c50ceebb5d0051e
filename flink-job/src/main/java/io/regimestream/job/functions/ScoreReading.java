package io.regimestream.job.functions;

import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.Reading;
import io.regimestream.common.records.RejectReason;
import io.regimestream.job.model.RegimeModel;
import io.regimestream.job.model.RegimeScore;
import io.regimestream.job.records.ScoredReading;
import io.regimestream.job.records.ValidReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Scores readings with the PMML model, loaded once per task in {@link #open} (a broken model
 * fails the task at start, naming the file). A reading the model cannot score becomes a
 * {@code scoring_failed} dead letter rather than failing the job.
 *
 * <p>Metrics: {@code recordsScored}, {@code scoringLatencyNanos} (histogram),
 * {@code eventTimeLagMs} (processing time minus event time of the last reading),
 * {@code deadLetters.scoring_failed}.
 */
public class ScoreReading extends ProcessFunction<ValidReading, ScoredReading> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreReading.class);
    private static final int LATENCY_WINDOW = 10_000;

    private final String modelLocation;
    private transient RegimeModel model;
    private transient DeadLetters deadLetters;
    private transient Counter scored;
    private transient Histogram latency;
    private transient volatile long lastLagMs;

    public ScoreReading(String modelLocation) {
        this.modelLocation = modelLocation;
    }

    @Override
    public void open(OpenContext openContext) {
        model = RegimeModel.load(modelLocation);
        LOG.info("Scoring with {} from {}", model.describe(), modelLocation);
        var metrics = getRuntimeContext().getMetricGroup();
        deadLetters = DeadLetters.register(metrics, Set.of(RejectReason.SCORING_FAILED));
        scored = metrics.counter("recordsScored");
        latency = metrics.histogram("scoringLatencyNanos", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        metrics.gauge("eventTimeLagMs", () -> lastLagMs);
    }

    @Override
    public void processElement(ValidReading valid, Context ctx, Collector<ScoredReading> out) {
        Reading reading = valid.reading();
        long started = System.nanoTime();
        RegimeScore score;
        try {
            score = model.score(reading.temperature());
        } catch (RuntimeException e) {
            ctx.output(DeadLetters.TAG, deadLetters.reject(valid.source(), RejectReason.SCORING_FAILED,
                    "the model could not score temperature " + reading.temperature() + ": " + e.getMessage(),
                    System.currentTimeMillis()));
            return;
        }
        latency.update(System.nanoTime() - started);
        long now = System.currentTimeMillis();
        lastLagMs = now - reading.timestamp();
        scored.inc();
        Prediction prediction = new Prediction(reading.machineId(), reading.timestamp(), reading.temperature(),
                score.regime(), score.confidence(), score.probabilities(), model.version(), now);
        out.collect(new ScoredReading(prediction, valid.source().partition(), valid.source().offset()));
    }
}
