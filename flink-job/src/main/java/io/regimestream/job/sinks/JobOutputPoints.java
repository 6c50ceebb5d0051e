package io.regimestream.job.sinks;

import io.regimestream.job.records.JobOutput;
import io.regimestream.job.sinks.influxdb.InfluxPointConverter;

/**
 * Each output of the job as its InfluxDB point, so one InfluxDB sink writes them all: predictions
 * ({@link PredictionPoints}), dead letters ({@link DeadLetterPoints}), regime changes
 * ({@link RegimeChangePoints}), drift figures ({@link ModelHealthPoints}), drift events ({@link ModelDriftPoints})
 * shadow reports ({@link ShadowReportPoints}), canary reports and decisions ({@link CanaryPoints}). Other model
 * statuses have no point: filter them out before ({@link JobOutput#hasInfluxPoint()}).
 */
public class JobOutputPoints implements InfluxPointConverter<JobOutput> {

    private final PredictionPoints predictions = new PredictionPoints();
    private final DeadLetterPoints deadLetters = new DeadLetterPoints();
    private final RegimeChangePoints regimeChanges = new RegimeChangePoints();
    private final ModelHealthPoints modelHealth = new ModelHealthPoints();
    private final ModelDriftPoints modelDrifts = new ModelDriftPoints();
    private final ShadowReportPoints shadowReports = new ShadowReportPoints();
    private final CanaryPoints canaries = new CanaryPoints();

    @Override
    public String toLineProtocol(JobOutput out) {
        return switch (out.kind()) {
            case PREDICTION -> predictions.toLineProtocol(out.prediction());
            case DEAD_LETTER -> deadLetters.toLineProtocol(out.deadLetter());
            case REGIME_CHANGE -> regimeChanges.toLineProtocol(out.regimeChange());
            case MODEL_HEALTH -> modelHealth.toLineProtocol(out.modelHealth());
            case MODEL_DRIFT -> modelDrifts.toLineProtocol(out.modelDrift());
            case CANARY_REPORT -> canaries.report(out.canaryReport());
            case MODEL_STATUS -> {
                if (out.modelStatus().shadow() != null) {
                    yield shadowReports.toLineProtocol(out.modelStatus());
                }
                if (out.modelStatus().canary() != null) {
                    yield canaries.decision(out.modelStatus());
                }
                throw new IllegalArgumentException("a model status has no InfluxDB point: " + out);
            }
        };
    }
}
