package io.regimestream.job.config;

import io.regimestream.model.AnnouncementPolicy;
import java.time.Duration;

/**
 * The model the job starts with and which announced models it takes.
 *
 * @param location             the PMML the job starts with: a path or any URI Flink's file systems read
 * @param announcementPolicy   which model announcements are trusted: signing keys and location allow-list; one
 *                             without keys accepts unsigned announcements, which only {@code --allow-unsigned-models}
 *                             (or code that says so) asks for
 * @param shadowReportInterval how often a scoring task with a shadow model reports how it compares with the
 *                             active one
 * @param fetchTimeout         how long reading an announced model (from its location, or again after a restore) may
 *                             take, and then loading it
 * @param canaryReportInterval how often a scoring task with a canary reports its figures to the control topic, where
 *                             every task judges them
 */
public record ModelSettings(
        String location,
        AnnouncementPolicy announcementPolicy,
        Duration shadowReportInterval,
        Duration fetchTimeout,
        Duration canaryReportInterval) {

    public ModelSettings {
        Problems problems = new Problems();
        problems.requireSet("--model PATH_OR_URI", location);
        problems.requireSet("the model announcement policy", announcementPolicy);
        if (problems.requireSet("--shadow-report-interval", shadowReportInterval)) {
            problems.check(
                    Problems.positive(shadowReportInterval),
                    "--shadow-report-interval must be positive, was " + shadowReportInterval);
        }
        if (problems.requireSet("--canary-report-interval", canaryReportInterval)) {
            problems.check(
                    Problems.positive(canaryReportInterval),
                    "--canary-report-interval must be positive, was " + canaryReportInterval);
        }
        if (problems.requireSet("--model-fetch-timeout", fetchTimeout)) {
            problems.check(
                    Problems.positive(fetchTimeout), "--model-fetch-timeout must be positive, was " + fetchTimeout);
        }
        problems.throwIfAny();
    }

    public ModelSettings withLocation(String modelLocation) {
        return new ModelSettings(
                modelLocation, announcementPolicy, shadowReportInterval, fetchTimeout, canaryReportInterval);
    }

    public ModelSettings withAnnouncementPolicy(AnnouncementPolicy policy) {
        return new ModelSettings(location, policy, shadowReportInterval, fetchTimeout, canaryReportInterval);
    }

    public ModelSettings withShadowReportInterval(Duration interval) {
        return new ModelSettings(location, announcementPolicy, interval, fetchTimeout, canaryReportInterval);
    }

    public ModelSettings withFetchTimeout(Duration timeout) {
        return new ModelSettings(location, announcementPolicy, shadowReportInterval, timeout, canaryReportInterval);
    }

    public ModelSettings withCanaryReportInterval(Duration interval) {
        return new ModelSettings(location, announcementPolicy, shadowReportInterval, fetchTimeout, interval);
    }

    /** True when anyone who can write to the control topic can swap the model: said loudly wherever the job runs. */
    public boolean acceptsUnsignedModels() {
        return !announcementPolicy.authenticates();
    }

    @Override
    public String toString() {
        return "ModelSettings[location=" + location + ", announcements=" + announcementPolicy.describe()
                + ", shadowReportInterval=" + shadowReportInterval + ", fetchTimeout=" + fetchTimeout
                + ", canaryReportInterval=" + canaryReportInterval + "]";
    }
}
