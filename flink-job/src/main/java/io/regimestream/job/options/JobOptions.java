package io.regimestream.job.options;

import io.regimestream.job.config.JobConfig;
import io.regimestream.job.config.Problems;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The job's command-line options, shared by {@code flink run} and {@code bin/job}: one picocli
 * mixin per group of {@link JobConfig}. Every option has an environment variable
 * ({@code defaultValue}) and a default, stated once: the field's initial value, which
 * {@code --help} shows and {@link JobConfig#defaults()} is made of ({@link Defaults}). They match
 * the docker-compose service names. Flink's own settings (checkpointing, restarts, parallelism,
 * ...) are no options of the job: they come from Flink's configuration ({@link MovedToFlinkOptions}).
 *
 * <p>Adding an option: a field in the mixin of its group, a component in that group's record.
 */
public class JobOptions {

    /**
     * Makes the initial values the defaults picocli applies and shows ({@code ${DEFAULT-VALUE}}),
     * unless the option's environment variable is set. A command that mixes in {@link JobOptions}
     * names it: {@code @Command(defaultValueProvider = JobOptions.Defaults.class)}.
     */
    public static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec option) {
            if (option.defaultValue() != null) {
                return null; // the environment variable (or the annotation's own default) wins
            }
            Object initial = option.initialValue();
            boolean none = initial == null
                    || initial instanceof Collection<?> c && c.isEmpty()
                    || initial instanceof Map<?, ?> m && m.isEmpty();
            return none ? null : String.valueOf(initial);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(JobOptions.class);

    /** The command these options were parsed for; null when made in code ({@link JobConfig#defaults()}). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Mixin
    TopicOptions topics = new TopicOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    ScoringOptions scoring = new ScoringOptions();

    @Mixin
    ValidationOptions validation = new ValidationOptions();

    @Mixin
    DriftOptions drift = new DriftOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    InfluxOptions influx = new InfluxOptions();

    @Mixin
    MovedToFlinkOptions movedToFlink = new MovedToFlinkOptions();

    /** These options accepting unsigned model announcements, as {@code --allow-unsigned-models} does. */
    public JobOptions allowingUnsignedModels() {
        model.allowingUnsignedModels();
        return this;
    }

    /** Warnings about secrets given as program arguments (none when the options were made in code). */
    public List<String> secretArgumentWarnings() {
        if (command == null
                || command.commandLine() == null
                || command.commandLine().getParseResult() == null) {
            return List.of();
        }
        return SecretArguments.warnings(command.commandLine().getParseResult());
    }

    /**
     * The options as a configuration.
     *
     * @throws IllegalArgumentException naming every option that is wrong, in one message
     */
    public JobConfig toConfig() {
        // Each group read on its own, so that one start names every option that cannot be read;
        // the configuration then checks how the groups fit together.
        Problems problems = new Problems();
        var kafkaSettings = problems.read(kafka::toSettings);
        var topicNames = problems.read(topics::toTopics);
        var creation = problems.read(topics::toCreation);
        var modelSettings = problems.read(model::toSettings);
        var scoringSettings = problems.read(scoring::toSettings);
        var rules = problems.read(validation::toRules);
        var driftSettings = problems.read(drift::toSettings);
        var outputSettings = problems.read(output::toSettings);
        var influxSettings = problems.read(influx::toSettings);
        movedToFlink.check(problems);
        problems.throwIfAny();
        secretArgumentWarnings().forEach(LOG::warn);
        return new JobConfig(
                kafkaSettings,
                topicNames,
                creation,
                modelSettings,
                scoringSettings,
                rules,
                driftSettings,
                outputSettings,
                influxSettings);
    }
}
