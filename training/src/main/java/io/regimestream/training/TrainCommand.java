package io.regimestream.training;

import io.regimestream.cli.KafkaClientOptions;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.signing.SigningKeys;
import io.regimestream.training.data.Dataset;
import io.regimestream.training.output.OutputFolder;
import io.regimestream.training.publish.ModelPublisher;
import io.regimestream.training.retrain.RetrainCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code java -jar training.jar [options]}: trains the regime model and writes model-artifacts/. */
@Command(
        name = "training",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = TrainCommand.Version.class,
        subcommands = RetrainCommand.class,
        description = {
            "Learns work regimes from temperature readings and writes a PMML classifier for the stream job: "
                    + "elbow method (KMeans, k-min..k-max) -> KMeans regimes numbered by temperature (0 = coolest) "
                    + "-> VectorAssembler -> StandardScaler -> MLP -> model.pmml, checked with JPMML.",
            "",
            "Without options it generates 50000 readings with seed 7: the committed model.",
            ""
        },
        footer = {
            "",
            "Writes model.pmml, model.json, elbow.csv, elbow.png and report.md into --out.",
            "With --publish (or --publish-only: no training) it then announces the model in --out on the job's",
            "control topic; the running job verifies it and switches without a restart. --signing-key signs the",
            "announcement (Ed25519) for a job started with --model-public-key; --generate-signing-key DIR makes a key pair.",
            "'retrain' (java -jar training.jar retrain --help) follows the job's drift events and retrains on demand.",
            "Exit codes: 0 done, 1 bad input or failed check (message says what to fix), 2 bad option."
        })
public final class TrainCommand implements Callable<Integer> {

    static final int DEFAULT_GENERATE = 50_000;

    @Option(
            names = "--input",
            paramLabel = "FILE",
            description =
                    "Readings to train on: CSV with a header (temperature column in any letter case) or JSON lines.")
    Path input;

    @Option(
            names = "--generate",
            paramLabel = "N",
            description = "Generate N readings instead of reading a file. Default: 50000 when no --input.")
    Integer generate;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            defaultValue = "regimes",
            description =
                    "What --generate produces: regimes (the regime-switching simulator, 4 regimes) or uniform "
                            + "(randint(40,70) integers, as in V. Alto's article \"Streaming analysis with Kafka, InfluxDB and Grafana\"). Default: ${DEFAULT-VALUE}.")
    Dataset dataset;

    @Option(
            names = "--machines",
            paramLabel = "M",
            defaultValue = "3",
            description = "Machines the regimes simulator interleaves. Default: ${DEFAULT-VALUE}.")
    int machines;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = PipelineDefaults.MODEL_DIRECTORY,
            description = "Output folder, created if missing. A folder that already holds a model (e.g. the committed "
                    + "one in model-artifacts/) is refused unless --overwrite. Default: ${DEFAULT-VALUE}/")
    Path out;

    @Option(
            names = "--overwrite",
            description = "Replace the model already in --out (e.g. to regenerate the committed model-artifacts/).")
    boolean overwrite;

    @Option(names = "--save-data", description = "Also write the readings trained on to readings.jsonl in --out.")
    boolean saveData;

    @Option(
            names = "--publish",
            description = "After training, announce the model to the scoring job (control topic --model-topic).")
    boolean publish;

    @Option(names = "--publish-only", description = "Do not train: announce the model already in --out.")
    boolean publishOnly;

    @Option(
            names = "--shadow",
            description =
                    "With --publish or --publish-only: announce the model as a shadow (\"mode\":\"shadow\"): "
                            + "the job scores every reading with it beside the active model, outputs unchanged, and reports how the two agree "
                            + "on the status topic and in InfluxDB. Promote it by publishing the same model again without --shadow.")
    boolean shadow;

    @Option(
            names = "--model-uri",
            paramLabel = "URI",
            description =
                    "Where the job's task managers can read the published model.pmml (file:///.., s3://.., hdfs://..); "
                            + "without it the PMML travels inline in the announcement (up to "
                            + ModelAnnouncement.MAX_INLINE_PMML_BYTES + " bytes).")
    String modelUri;

    @Option(
            names = "--sequence",
            paramLabel = "N",
            description = "With --publish or --publish-only: the announcement's sequence (default: the current time in "
                    + "ms). A job applies an announcement only if its sequence is above the last one it applied: give one "
                    + "above the last published when this machine's clock is behind the one that published it.")
    Long sequence;

    @Option(
            names = "--rollback",
            description = "With --publish-only: announce the model in --out as a deliberate rollback to an older "
                    + "model (\"rollback\":true, signed like every field); the job says so when it activates it.")
    boolean rollback;

    @Option(
            names = "--describe-only",
            description =
                    "Do not train: add the training distribution (count, min, max, deciles) to the model.json already in "
                            + "--out, and rewrite its report.md, from the same data options it was trained with (checked against its "
                            + "version); model.pmml is left as it is. For models made before model.json had the distribution.")
    boolean describeOnly;

    @Option(
            names = "--generate-signing-key",
            paramLabel = "DIR",
            description = "Do not train: write a new Ed25519 key pair into DIR (" + SigningKeys.PRIVATE_KEY_FILE
                    + " for --signing-key, " + SigningKeys.PUBLIC_KEY_FILE
                    + " for the job's --model-public-key) and print its id.")
    Path generateSigningKey;

    @Mixin
    LearningOptions learning = new LearningOptions();

    @Mixin
    AnnouncementOptions announcing = new AnnouncementOptions();

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // the elbow chart is drawn without a display
        System.exit(commandLine().execute(args));
    }

    /** The command with its error handling: user errors print one clear line, never a bare stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrainCommand());
        cli.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof TrainingException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            }
            cmd.getErr().println("error: training failed unexpectedly: " + e);
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        if (generateSigningKey != null) {
            generateSigningKey();
            return 0;
        }
        if (rollback && !publishOnly) {
            throw bad("--rollback needs --publish-only (a rollback announces a model already trained)");
        }
        if (sequence != null && !publish && !publishOnly) {
            throw bad("--sequence needs --publish or --publish-only");
        }
        if (sequence != null && sequence < 1) {
            throw bad("--sequence must be a positive integer, was " + sequence);
        }
        if (shadow && !publish && !publishOnly) {
            throw bad("--shadow needs --publish or --publish-only");
        }
        announcing.checkOptions(this::bad);
        if (publishOnly) {
            publish();
            return 0;
        }
        TrainingSettings settings = validatedSettings();
        if (describeOnly) {
            if (publish) {
                throw bad("--describe-only does not train, so there is nothing new to --publish");
            }
            new DescribeRun(settings, System.out).run();
            return 0;
        }
        OutputFolder.requireNoModelUnless(overwrite, settings.out());
        new TrainingRun(settings, System.out).run();
        if (publish) {
            publish();
        }
        return 0;
    }

    private void publish() throws TrainingException {
        ModelAnnouncement announcement = ModelPublisher.announcement(
                out,
                modelUri,
                announcing.signer(),
                shadow ? ModelAnnouncement.Mode.SHADOW : ModelAnnouncement.Mode.ACTIVE,
                sequence == null ? ModelAnnouncement.nextSequence() : sequence,
                rollback);
        RecordMetadata sent =
                ModelPublisher.publish(kafka.settings().clientProperties(), announcing.modelTopic(), announcement);
        System.out.printf(
                "announced %smodel %s (%s, sha256 %s, sequence %d, %s) on %s-%d@%d; the job reports %s on %s%n",
                shadow ? "shadow " : "",
                announcement.version(),
                announcement.isInline() ? "PMML inline" : announcement.location(),
                announcement.sha256(),
                announcement.sequence(),
                announcement.isSigned() ? "signed" : "unsigned: only a job with --allow-unsigned-models takes it",
                sent.topic(),
                sent.partition(),
                sent.offset(),
                shadow ? "shadowing/rejected and, periodically, shadow_report" : "activated/rejected",
                PipelineDefaults.MODEL_STATUS_TOPIC);
    }

    private void generateSigningKey() throws TrainingException {
        try {
            PublicKey key = SigningKeys.generate(generateSigningKey).getPublic();
            System.out.printf(
                    "wrote %s (private: keep it with the publisher, readable by it only) and %s (public: give it to "
                            + "the job with --model-public-key); key id %s (--signing-key-id)%n",
                    generateSigningKey.resolve(SigningKeys.PRIVATE_KEY_FILE),
                    generateSigningKey.resolve(SigningKeys.PUBLIC_KEY_FILE),
                    SigningKeys.keyId(key));
        } catch (IOException e) {
            throw new TrainingException(
                    "cannot write a signing key into " + generateSigningKey + ": " + e.getMessage(), e);
        }
    }

    TrainingSettings validatedSettings() {
        if (input != null && generate != null) {
            throw bad("give either --input or --generate, not both");
        }
        int count = generate != null ? generate : DEFAULT_GENERATE;
        if (count < 1) {
            throw bad("--generate must be at least 1, got " + count);
        }
        if (machines < 1) {
            throw bad("--machines must be at least 1, got " + machines);
        }
        learning.checkOptions(this::bad);
        return learning.settings(input, count, dataset, machines, out, saveData);
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The version from the build, for --version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TrainCommand.class.getPackage().getImplementationVersion();
            return new String[] {"regime-stream training " + (version == null ? "(development build)" : version)};
        }
    }
}
