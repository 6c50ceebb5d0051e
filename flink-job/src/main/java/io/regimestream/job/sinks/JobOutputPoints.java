package io.regimestream.job.sinks;

import io.regimestream.job.records.JobOutput;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;

/**
 * Each output of the job as its InfluxDB point, so one InfluxDB sink writes them all: predictions
 * ({@link PredictionPoints}), dead letters ({@link DeadLetterPoints}), regime changes
 * ({@link RegimeChangePoints}), drift figures ({@link ModelHealthPoints}), drift events ({@link ModelDriftPoints})
 * and shadow reports ({@link ShadowReportPoints}). Other model statuses have no point: filter them out before
 * ({@link JobOutput#hasInfluxPoint()}).
 */
public class JobOutputPoints implements InfluxPointConverter<JobOutput> {

    private final PredictionPoints predictions = new PredictionPoints();
    private final DeadLetterPoints deadLetters = new DeadLetterPoints();
    private final RegimeChangePoints regimeChanges = new RegimeChangePoints();
    private final ModelHealthPoints modelHealth = new ModelHealthPoints();
    private final ModelDriftPoints modelDrifts = new ModelDriftPoints();
    private final ShadowReportPoints shadowReports = new ShadowReportPoints();

    @Override
    public String toLineProtocol(JobOutput out) {
        return switch (out.kind()) {
            case PREDICTION -> predictions.toLineProtocol(out.prediction());
            case DEAD_LETTER -> deadLetters.toLineProtocol(out.deadLetter());
            case REGIME_CHANGE -> regimeChanges.toLineProtocol(out.regimeChange());
            case MODEL_HEALTH -> modelHealth.toLineProtocol(out.modelHealth());
            case MODEL_DRIFT -> modelDrifts.toLineProtocol(out.modelDrift());
            case MODEL_STATUS -> {
                if (out.modelStatus().shadow() == null) {
                    throw new IllegalArgumentException("a model status has no InfluxDB point: " + out);
                }
                yield shadowReports.toLineProtocol(out.modelStatus());
            }
        };
    }
}
