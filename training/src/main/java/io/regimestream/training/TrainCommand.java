package io.regimestream.training;

import io.regimestream.cli.KafkaClientOptions;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.signing.SigningKeys;
import io.regimestream.training.data.Dataset;
import io.regimestream.training.output.OutputFolder;
import io.regimestream.training.publish.PublishOptions;
import io.regimestream.training.retrain.RetrainCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
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

    @Mixin
    PublishOptions publishing = new PublishOptions();

    @Option(
            names = "--describe-only",
            description =
                    "Do not train: add the training distributions (count, min, max, deciles: of all readings, and per "
                            + "regime of the readings the model predicts in it) to the model.json already in --out, and "
                            + "rewrite its report.md, from the same data options it was trained with (checked against its "
                            + "version); model.pmml is left as it is. For models made before model.json had them.")
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
        publishing.check(this::bad);
        announcing.checkOptions(this::bad);
        if (publishing.only()) {
            publishing.announce(out, announcing, kafka);
            return 0;
        }
        TrainingSettings settings = validatedSettings();
        if (describeOnly) {
            if (publishing.afterTraining()) {
                throw bad("--describe-only does not train, so there is nothing new to --publish");
            }
            new DescribeRun(settings, System.out).run();
            return 0;
        }
        OutputFolder.requireNoModelUnless(overwrite, settings.out());
        new TrainingRun(settings, System.out).run();
        if (publishing.afterTraining()) {
            publishing.announce(out, announcing, kafka);
        }
        return 0;
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
