package io.regimestream.job.config;

import io.regimestream.model.AnnouncementPolicy;
import java.time.Duration;

/**
 * The model the job starts with and which announced models it takes.
 *
 * @param location             the PMML the job starts with: a path or any URI Flink's file systems read
 * @param announcementPolicy   which model announcements are trusted: signing keys and location allow-list
 * @param shadowReportInterval how often a scoring task with a shadow model reports how it compares with the
 *                             active one
 */
public record ModelSettings(String location, AnnouncementPolicy announcementPolicy, Duration shadowReportInterval) {

    public ModelSettings {
        Problems problems = new Problems();
        problems.requireSet("--model PATH_OR_URI", location);
        problems.requireSet("the model announcement policy", announcementPolicy);
        if (problems.requireSet("--shadow-report-interval", shadowReportInterval)) {
            problems.check(
                    Problems.positive(shadowReportInterval),
                    "--shadow-report-interval must be positive, was " + shadowReportInterval);
        }
        problems.throwIfAny();
    }

    public ModelSettings withLocation(String modelLocation) {
        return new ModelSettings(modelLocation, announcementPolicy, shadowReportInterval);
    }

    public ModelSettings withAnnouncementPolicy(AnnouncementPolicy policy) {
        return new ModelSettings(location, policy, shadowReportInterval);
    }

    public ModelSettings withShadowReportInterval(Duration interval) {
        return new ModelSettings(location, announcementPolicy, interval);
    }

    @Override
    public String toString() {
        return "ModelSettings[location=" + location + ", announcements=" + announcementPolicy.describe()
                + ", shadowReportInterval=" + shadowReportInterval + "]";
    }
}
