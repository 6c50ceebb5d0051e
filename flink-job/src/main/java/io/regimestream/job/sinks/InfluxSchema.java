package io.regimestream.job.sinks;

import io.regimestream.common.codec.PredictionCodec;

/**
 * The names the job writes to InfluxDB, in one place: measurements, tags and fields. The Grafana
 * dashboards query them by these names (DashboardQueriesIT runs every panel), so a name here must
 * not change; a field's type must not change either (InfluxDB refuses the point).
 */
public final class InfluxSchema {

    /** Tag: the machine id (predictions, regime changes). */
    public static final String MACHINE = "machine";
    /** Tag: the version of the model that scored (predictions, regime changes). */
    public static final String MODEL_VERSION = "model_version";
    /** Tag: the source record's Kafka partition, part of a point's identity (see {@link PointTime}). */
    public static final String PARTITION = "partition";

    private InfluxSchema() {}

    /** Measurement {@code machine_regime}: one point per prediction ({@link PredictionPoints}). */
    public static final class Predictions {
        public static final String MEASUREMENT = "machine_regime";
        /** Tag: the regime again, so dashboards can {@code GROUP BY "regime_id"} (InfluxQL cannot group by a field). */
        public static final String REGIME_ID = "regime_id";

        public static final String TEMPERATURE = "temperature";
        public static final String REGIME = "regime";
        public static final String CONFIDENCE = "confidence";
        public static final String LAG_MS = "lag_ms";
        public static final String LOW_CONFIDENCE = "low_confidence";

        private Predictions() {}

        /** Field {@code probability<i>}, named as in the prediction JSON. */
        public static String probability(int regime) {
            return PredictionCodec.probabilityField(regime);
        }
    }

    /** Measurement {@code dead_letter}: one point per dead letter ({@link DeadLetterPoints}). */
    public static final class DeadLetters {
        public static final String MEASUREMENT = "dead_letter";
        /** Tag: the reject reason's code, e.g. {@code not_json}. */
        public static final String REASON = "reason";

        public static final String SOURCE_TOPIC = "source_topic";
        /** Field: always 1, for {@code sum("count")}. */
        public static final String COUNT = "count";
        /** Field: the payload's size. */
        public static final String BYTES = "bytes";

        private DeadLetters() {}
    }

    /** Measurement {@code regime_change}: one point per regime change, the dashboard's annotations ({@link RegimeChangePoints}). */
    public static final class RegimeChanges {
        public static final String MEASUREMENT = "regime_change";
        public static final String FROM_REGIME = "from_regime";
        public static final String TO_REGIME = "to_regime";
        public static final String CONFIDENCE = "confidence";
        public static final String READINGS = "readings";
        /** Field: the annotation's text, e.g. "press-01: regime 0 → 2". */
        public static final String TEXT = "text";

        private RegimeChanges() {}
    }

    /**
     * The tags of a drift series ({@link HealthWindows} and {@link DriftEvents}, with {@link #MODEL_VERSION}):
     * {@code series} is {@link #MACHINE_SERIES} with the {@link #MACHINE} tag, or {@link #OVERALL_SERIES}
     * with the {@link #TASK} tag (each scoring task's overall series, so parallel tasks do not overwrite
     * each other).
     */
    public static final String SERIES = "series";

    public static final String MACHINE_SERIES = "machine";
    public static final String OVERALL_SERIES = "overall";
    /** Tag: the scoring task of an overall drift series, e.g. {@code 1/2}. */
    public static final String TASK = "task";

    /** Measurement {@code model_health}: one point per drift window and series ({@link ModelHealthPoints}). */
    public static final class HealthWindows {
        public static final String MEASUREMENT = "model_health";
        public static final String PSI = "psi";
        public static final String OUT_OF_RANGE_SHARE = "out_of_range_share";
        public static final String LOW_CONFIDENCE_SHARE = "low_confidence_share";
        public static final String MEAN_CENTROID_DISTANCE = "mean_centroid_distance";
        public static final String READINGS = "readings";

        private HealthWindows() {}
    }

    /** Measurement {@code model_drift}: one point per model-drift event, the dashboard's annotations ({@link ModelDriftPoints}). */
    public static final class DriftEvents {
        public static final String MEASUREMENT = "model_drift";
        public static final String PSI = HealthWindows.PSI;
        public static final String OUT_OF_RANGE_SHARE = HealthWindows.OUT_OF_RANGE_SHARE;
        public static final String READINGS = HealthWindows.READINGS;
        /** Field: the annotation's text, e.g. "press-02: drift, psi 3.41 > 0.2, 62% out of range > 5.0%". */
        public static final String TEXT = "text";

        private DriftEvents() {}
    }

    /**
     * Measurement {@code model_shadow}: one point per shadow report, how a shadow model compared with
     * the active one on one task's readings of one interval ({@link ShadowReportPoints}).
     */
    public static final class ShadowReports {
        public static final String MEASUREMENT = "model_shadow";
        /** Tag: the active model's version. */
        public static final String ACTIVE_VERSION = "active_version";
        /** Tag: the shadow model's version. */
        public static final String SHADOW_VERSION = "shadow_version";
        /** Tag: the scoring task that reports, e.g. {@code score-regime 1/2}. */
        public static final String TASK = "task";

        public static final String READINGS = "readings";
        public static final String AGREEMENTS = "agreements";
        public static final String AGREEMENT_RATE = "agreement_rate";
        public static final String MEAN_ABS_PROBABILITY_DIFFERENCE = "mean_abs_probability_difference";

        private ShadowReports() {}

        /** Field {@code confusion_a<A>_s<S>}: readings the active model put in regime A and the shadow in regime S. */
        public static String confusion(int activeRegime, int shadowRegime) {
            return "confusion_a" + activeRegime + "_s" + shadowRegime;
        }
    }

    /**
     * Measurement {@code model_canary}: one point per canary report, what one task counted of a canary in one
     * interval ({@link CanaryPoints}). Counts, so sums over time and tasks are meaningful: the candidate's
     * low-confidence share over any window is {@code sum(canary_low_confidence) / sum(canary_readings)}.
     */
    public static final class CanaryReports {
        public static final String MEASUREMENT = "model_canary";
        /** Tag: the canary's version. */
        public static final String CANARY_VERSION = "canary_version";
        /** Tag: the active model's version. */
        public static final String ACTIVE_VERSION = ShadowReports.ACTIVE_VERSION;
        /** Tag: the reporting task, e.g. {@code 1/2}. */
        public static final String TASK = ShadowReports.TASK;

        public static final String CANARY_READINGS = "canary_readings";
        public static final String CANARY_LOW_CONFIDENCE = "canary_low_confidence";
        public static final String CANARY_OUT_OF_RANGE = "canary_out_of_range";
        public static final String ACTIVE_READINGS = "active_readings";
        public static final String ACTIVE_LOW_CONFIDENCE = "active_low_confidence";
        public static final String ACTIVE_OUT_OF_RANGE = "active_out_of_range";

        private CanaryReports() {}
    }

    /**
     * Measurement {@code model_canary_decision}: one point per task and canary decision, the job promoting a
     * canary or rolling it back on its own, with the figures behind it ({@link CanaryPoints}); the dashboard's
     * annotations and the "a canary rolled back" alert.
     */
    public static final class CanaryDecisions {
        public static final String MEASUREMENT = "model_canary_decision";
        public static final String CANARY_VERSION = CanaryReports.CANARY_VERSION;
        public static final String ACTIVE_VERSION = CanaryReports.ACTIVE_VERSION;
        /** Tag: {@code promoted} or {@code rolled_back}. */
        public static final String DECISION = "decision";
        /** Tag: the scoring task that applied it, e.g. {@code score-regime 1/2}. */
        public static final String TASK = CanaryReports.TASK;

        public static final String CANARY_READINGS = CanaryReports.CANARY_READINGS;
        public static final String CANARY_LOW_CONFIDENCE_SHARE = "canary_low_confidence_share";
        public static final String CANARY_OUT_OF_RANGE_SHARE = "canary_out_of_range_share";
        public static final String CANARY_PSI = "canary_psi";
        public static final String ACTIVE_READINGS = CanaryReports.ACTIVE_READINGS;
        public static final String ACTIVE_LOW_CONFIDENCE_SHARE = "active_low_confidence_share";
        public static final String ACTIVE_OUT_OF_RANGE_SHARE = "active_out_of_range_share";
        public static final String ACTIVE_PSI = "active_psi";
        /** Field: the annotation's text, the status's detail. */
        public static final String TEXT = "text";

        private CanaryDecisions() {}
    }
}
