package io.regimestream.job.functions;

import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.records.ScoredReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per machine (keyed by machine id): emits a {@link RegimeChange} when the predicted regime
 * differs from the machine's current one for {@code readingsToConfirm} readings in a row. A
 * shorter excursion (noise at a regime boundary) changes nothing, so events do not flap. The
 * first prediction of a machine sets its regime without an event (there is no "from").
 *
 * <p>The event's time is that of the first reading in the new regime, its confidence the mean
 * over the confirming readings. Metric: {@code regimeChanges}.
 */
public class DetectRegimeChanges extends KeyedProcessFunction<String, ScoredReading, RegimeChange> {

    public static final String NAME = "detect-regime-changes";

    private final int readingsToConfirm;
    private transient ValueState<RegimeTrack> track;
    private transient Counter changes;

    /** @param readingsToConfirm readings in a row the new regime must hold (1 = every change at once) */
    public DetectRegimeChanges(int readingsToConfirm) {
        if (readingsToConfirm < 1) {
            throw new IllegalArgumentException("--regime-change-readings must be at least 1, was " + readingsToConfirm);
        }
        this.readingsToConfirm = readingsToConfirm;
    }

    @Override
    public void open(OpenContext openContext) {
        track = getRuntimeContext().getState(new ValueStateDescriptor<>("regime-track", TypeInformation.of(RegimeTrack.class)));
        changes = getRuntimeContext().getMetricGroup().counter("regimeChanges");
    }

    @Override
    public void processElement(ScoredReading scored, Context ctx, Collector<RegimeChange> out) throws Exception {
        Prediction p = scored.prediction();
        RegimeTrack current = track.value();
        if (current == null) {
            track.update(RegimeTrack.settledIn(p.regime()));
            return;
        }
        RegimeTrack next = current.after(p);
        if (next.candidateReadings() >= readingsToConfirm) {
            changes.inc();
            out.collect(new RegimeChange(p.machineId(), current.regime(), next.candidate(), next.candidateSince(),
                    next.candidateConfidenceSum() / next.candidateReadings(), next.candidateReadings(), p.modelVersion()));
            next = RegimeTrack.settledIn(next.candidate());
        }
        track.update(next);
    }

    /**
     * A machine's settled regime and the regime it may be moving to.
     *
     * @param regime                 the settled regime
     * @param candidate              the other regime seen in the latest readings, or -1
     * @param candidateReadings      how many readings in a row it has held
     * @param candidateSince         event time of the first of them
     * @param candidateConfidenceSum sum of their confidences
     */
    public record RegimeTrack(int regime, int candidate, int candidateReadings, long candidateSince,
                              double candidateConfidenceSum) {

        static RegimeTrack settledIn(int regime) {
            return new RegimeTrack(regime, -1, 0, 0, 0);
        }

        RegimeTrack after(Prediction p) {
            if (p.regime() == regime) {
                return settledIn(regime); // back in the settled regime: the excursion was noise
            }
            if (p.regime() == candidate) {
                return new RegimeTrack(regime, candidate, candidateReadings + 1, candidateSince,
                        candidateConfidenceSum + p.confidence());
            }
            return new RegimeTrack(regime, p.regime(), 1, p.timestamp(), p.confidence());
        }
    }
}
