package io.regimestream.job.machines;

import io.regimestream.common.records.RegimeChange;
import io.regimestream.job.health.DriftWindow;

/**
 * Everything a scoring task keeps for one machine, in one object found by one lookup per reading:
 * its regime track (the settled regime and the regime it may be moving to, for the debounce of
 * regime changes) and, inherited, its drift window's counters ({@link DriftWindow}), so the
 * per-reading work of both touches one object. Mutable: one per machine, no garbage per reading.
 *
 * <p>The debounce: a {@link RegimeChange} is reported when the predicted regime differs from the
 * machine's settled one for {@code readingsToConfirm} readings in a row. A shorter excursion (noise
 * at a regime boundary) changes nothing, so events do not flap. The first prediction of a machine
 * sets its regime without an event (there is no "from"). The event's time is that of the first
 * reading in the new regime, its confidence the mean over the confirming readings.
 */
public final class MachineState extends DriftWindow {

    static final int NONE = -1;

    int regime = NONE; // the settled regime; NONE before the first prediction
    int candidate = NONE; // the other regime seen in the latest readings, or NONE
    int candidateReadings; // how many readings in a row it has held
    long candidateSince; // event time of the first of them
    double candidateConfidenceSum;
    long updatedAt; // processing time of the latest reading; strictly increasing, so of two copies the later wins
    boolean claimed; // a reading of the machine reached this task since it started

    MachineState(String machineId) {
        super(machineId);
    }

    /**
     * Moves the track on by one prediction.
     *
     * @return the change this prediction confirms, or null
     */
    RegimeChange observe(long timestamp, int predicted, double confidence, String modelVersion, int readingsToConfirm) {
        if (regime == NONE || predicted == regime) {
            settleIn(predicted); // the first prediction, or back in the settled regime: an excursion was noise
            return null;
        }
        if (predicted == candidate) {
            candidateReadings++;
            candidateConfidenceSum += confidence;
        } else {
            candidate = predicted;
            candidateReadings = 1;
            candidateSince = timestamp;
            candidateConfidenceSum = confidence;
        }
        if (candidateReadings < readingsToConfirm) {
            return null;
        }
        RegimeChange change = new RegimeChange(
                machineId(),
                regime,
                candidate,
                candidateSince,
                candidateConfidenceSum / candidateReadings,
                candidateReadings,
                modelVersion);
        settleIn(candidate);
        return change;
    }

    private void settleIn(int settled) {
        regime = settled;
        candidate = NONE;
        candidateReadings = 0;
        candidateSince = 0;
        candidateConfidenceSum = 0;
    }

    /** A reading of the machine arrived at {@code now} (processing time). */
    void touch(long now) {
        updatedAt = Math.max(now, updatedAt + 1);
    }

    /** The settled regime, or -1 before the first prediction. */
    public int regime() {
        return regime;
    }
}
