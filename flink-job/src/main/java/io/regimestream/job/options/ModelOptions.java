package io.regimestream.job.options;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.job.config.ModelSettings;
import io.regimestream.job.config.Problems;
import io.regimestream.model.AnnouncementPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@link ModelSettings}: the model the job starts with, and trust in announced ones. */
public class ModelOptions {

    @Option(
            names = "--model",
            paramLabel = "PATH_OR_URI",
            defaultValue = "${env:MODEL}",
            description =
                    "The PMML model: a path, file:// URI or any URI Flink's file systems read; model.json next to it "
                            + "is checked when present (env MODEL; default: ${DEFAULT-VALUE}).")
    String model = PipelineDefaults.MODEL_DIRECTORY + "/" + PipelineDefaults.MODEL_FILE;

    @Option(
            names = "--model-public-key",
            paramLabel = "FILE",
            split = ",",
            defaultValue = "${env:MODEL_PUBLIC_KEY}",
            description =
                    "Accept only model announcements signed with the private half of one of these Ed25519 public keys "
                            + "(X.509 PEM files, comma-separated to trust a new key beside the old one while rotating); without it "
                            + "unsigned announcements are accepted and the job warns at start (env MODEL_PUBLIC_KEY).")
    List<Path> publicKeys;

    @Option(
            names = "--model-location-allow",
            paramLabel = "PREFIX",
            split = ",",
            defaultValue = "${env:MODEL_LOCATION_ALLOW}",
            description =
                    "Announced models may be read from locations under these URI prefixes, e.g. file:///models/,s3://bucket/models/ "
                            + "(compared after normalizing . .. and %%-escapes); without it only inline models are accepted "
                            + "(env MODEL_LOCATION_ALLOW).")
    List<String> locationAllow;

    @Option(
            names = "--shadow-report-interval",
            paramLabel = "DURATION",
            defaultValue = "${env:SHADOW_REPORT_INTERVAL}",
            description =
                    "How often each scoring task with a shadow model reports how it compares with the active model "
                            + "(status topic and InfluxDB model_shadow) (env SHADOW_REPORT_INTERVAL; default: ${DEFAULT-VALUE}).")
    String shadowReportInterval = "10s";

    public ModelSettings toSettings() {
        Problems problems = new Problems();
        AnnouncementPolicy policy =
                problems.read(() -> AnnouncementPolicy.load(nonBlank(publicKeys), nonBlank(locationAllow)));
        Duration shadowReports = problems.read(() -> Durations.parse("--shadow-report-interval", shadowReportInterval));
        problems.throwIfAny();
        return new ModelSettings(model, policy, shadowReports);
    }

    /** The values given; none when the option (or its variable) is unset or blank. */
    private static <T> List<T> nonBlank(List<T> list) {
        return list == null
                ? List.of()
                : list.stream().filter(v -> !v.toString().isBlank()).toList();
    }
}
