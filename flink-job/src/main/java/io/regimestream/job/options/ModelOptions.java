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
                            + "(X.509 PEM files, comma-separated to trust a new key beside the old one while rotating); "
                            + "required unless --allow-unsigned-models (env MODEL_PUBLIC_KEY). Make a pair with: "
                            + "java -jar training.jar --generate-signing-key DIR.")
    List<Path> publicKeys;

    @Option(
            names = "--allow-unsigned-models",
            defaultValue = "${env:ALLOW_UNSIGNED_MODELS:-false}",
            description = "Start without --model-public-key and accept unsigned model announcements: anyone who can "
                    + "write to the control topic can then swap the model. Said in the log, the job's name, a metric "
                    + "and on the status topic (env ALLOW_UNSIGNED_MODELS).")
    boolean allowUnsignedModels;

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

    @Option(
            names = "--canary-report-interval",
            paramLabel = "DURATION",
            defaultValue = "${env:CANARY_REPORT_INTERVAL}",
            description = "How often each scoring task with a canary writes its figures to the control topic, where "
                    + "every task judges them (and InfluxDB model_canary); a canary is promoted or rolled back at most "
                    + "this often (env CANARY_REPORT_INTERVAL; default: ${DEFAULT-VALUE}).")
    String canaryReportInterval = "10s";

    @Option(
            names = "--model-fetch-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:MODEL_FETCH_TIMEOUT}",
            description = "How long reading an announced model from its location (or again after a restore) may take, "
                    + "and then loading it; longer is given up and the announcement rejected "
                    + "(env MODEL_FETCH_TIMEOUT; default: ${DEFAULT-VALUE}).")
    String fetchTimeout = "60s";

    /** Accepts unsigned announcements as {@code --allow-unsigned-models} does (what {@code JobConfig.defaults()} does). */
    public ModelOptions allowingUnsignedModels() {
        allowUnsignedModels = true;
        return this;
    }

    public ModelSettings toSettings() {
        Problems problems = new Problems();
        List<Path> keys = nonBlank(publicKeys);
        problems.check(
                !keys.isEmpty() || allowUnsignedModels,
                "the job accepts only signed model announcements: give the publisher's public key with "
                        + "--model-public-key FILE (make a pair with java -jar training.jar --generate-signing-key DIR, "
                        + "and publish with --signing-key), or start with --allow-unsigned-models to accept unsigned "
                        + "ones (anyone who can write to the control topic can then swap the model)");
        AnnouncementPolicy policy = problems.read(() -> AnnouncementPolicy.load(keys, nonBlank(locationAllow)));
        Duration shadowReports = problems.read(() -> Durations.parse("--shadow-report-interval", shadowReportInterval));
        Duration fetch = problems.read(() -> Durations.parse("--model-fetch-timeout", fetchTimeout));
        Duration canaryReports = problems.read(() -> Durations.parse("--canary-report-interval", canaryReportInterval));
        problems.throwIfAny();
        return new ModelSettings(model, policy, shadowReports, fetch, canaryReports);
    }

    /** The values given; none when the option (or its variable) is unset or blank. */
    private static <T> List<T> nonBlank(List<T> list) {
        return list == null
                ? List.of()
                : list.stream().filter(v -> !v.toString().isBlank()).toList();
    }
}
