package io.regimestream.job.records;

/**
 * One window's drift figures for one machine, or for everything a scoring task saw (InfluxDB
 * {@code model_health} only). Figures the model's baseline cannot give are null.
 *
 * @param machineId            the machine; null for the task's overall series
 * @param task                 the scoring task, e.g. {@code 1/2}
 * @param windowStart          processing time the window began, epoch ms
 * @param windowEnd            processing time it ended (exclusive), epoch ms: the point's time
 * @param readings             readings in the window
 * @param psi                  population stability index against the training deciles, or null
 * @param outOfRangeShare      share outside the training [min, max], or null
 * @param lowConfidenceShare   share of low-confidence predictions
 * @param meanCentroidDistance mean distance to the predicted regime's centroid in its spreads, or null
 * @param modelVersion         the model the readings were scored with
 */
public record ModelHealth(
        String machineId,
        String task,
        long windowStart,
        long windowEnd,
        long readings,
        Double psi,
        Double outOfRangeShare,
        double lowConfidenceShare,
        Double meanCentroidDistance,
        String modelVersion) {

    public boolean overall() {
        return machineId == null;
    }
}
