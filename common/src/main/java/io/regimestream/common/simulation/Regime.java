package io.regimestream.common.simulation;

/**
 * One work regime of a simulated machine: a temperature level, its fluctuation, and how long
 * the machine stays in it (in readings) once it enters.
 */
public record Regime(String name, double meanTemperature, double stdDev, int minHold, int maxHold) {

    public Regime {
        if (!(stdDev >= 0) || !Double.isFinite(meanTemperature)) {
            throw new IllegalArgumentException("regime " + name + ": mean must be finite and stdDev >= 0");
        }
        if (minHold < 1 || maxHold < minHold) {
            throw new IllegalArgumentException("regime " + name + ": need 1 <= minHold <= maxHold");
        }
    }
}
