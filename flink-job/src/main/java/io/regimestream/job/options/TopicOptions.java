package io.regimestream.job.options;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.job.config.TopicCreation;
import io.regimestream.job.config.Topics;
import picocli.CommandLine.Option;

/** The options of {@link Topics} and {@link TopicCreation}. */
public class TopicOptions {

    @Option(
            names = "--input-topic",
            paramLabel = "TOPIC",
            defaultValue = "${env:INPUT_TOPIC}",
            description = "Topic of temperature readings (env INPUT_TOPIC; default: ${DEFAULT-VALUE}).")
    String input = PipelineDefaults.READINGS_TOPIC;

    @Option(
            names = "--output-topic",
            paramLabel = "TOPIC",
            defaultValue = "${env:OUTPUT_TOPIC}",
            description = "Topic the predictions go to (env OUTPUT_TOPIC; default: ${DEFAULT-VALUE}).")
    String output = PipelineDefaults.PREDICTIONS_TOPIC;

    @Option(
            names = "--dlq-topic",
            paramLabel = "TOPIC",
            defaultValue = "${env:DLQ_TOPIC}",
            description = "Topic for records that cannot be scored (env DLQ_TOPIC; default: ${DEFAULT-VALUE}).")
    String deadLetters = PipelineDefaults.DEAD_LETTER_TOPIC;

    @Option(
            names = "--regime-changes-topic",
            paramLabel = "TOPIC",
            defaultValue = "${env:REGIME_CHANGES_TOPIC}",
            description =
                    "Topic of per-machine regime-change events (env REGIME_CHANGES_TOPIC; default: ${DEFAULT-VALUE}).")
    String regimeChanges = PipelineDefaults.REGIME_CHANGES_TOPIC;

    @Option(
            names = "--model-topic",
            paramLabel = "TOPIC",
            defaultValue = "${env:MODEL_TOPIC}",
            description =
                    "Control topic of model announcements; a verified model replaces the current one without a restart "
                            + "(env MODEL_TOPIC; default: ${DEFAULT-VALUE}).")
    String models = PipelineDefaults.MODELS_TOPIC;

    @Option(
            names = "--model-status-topic",
            paramLabel = "TOPIC",
            defaultValue = "${env:MODEL_STATUS_TOPIC}",
            description = "Topic where the job reports each announced model as activated or rejected, and why "
                    + "(env MODEL_STATUS_TOPIC; default: ${DEFAULT-VALUE}).")
    String modelStatus = PipelineDefaults.MODEL_STATUS_TOPIC;

    @Option(
            names = "--drift-topic",
            paramLabel = "TOPIC",
            defaultValue = "${env:DRIFT_TOPIC}",
            description = "Topic of model-drift events (env DRIFT_TOPIC; default: ${DEFAULT-VALUE}).")
    String drift = PipelineDefaults.MODEL_DRIFT_TOPIC;

    @Option(
            names = "--create-topics",
            defaultValue = "${env:CREATE_TOPICS:-false}",
            description = "Create the job's missing topics at start (--partitions, --replication-factor); needs the "
                    + "right to create topics. Without it the job only checks that its topics exist and refuses to "
                    + "start if one is missing, naming it (env CREATE_TOPICS).")
    boolean create;

    @Option(
            names = "--partitions",
            paramLabel = "P",
            defaultValue = "${env:TOPIC_PARTITIONS}",
            description = "Partitions of the topics --create-topics creates "
                    + "(env TOPIC_PARTITIONS; default: ${DEFAULT-VALUE}).")
    int partitions = 4; // as the producer's --partitions

    @Option(
            names = "--replication-factor",
            paramLabel = "R",
            defaultValue = "${env:TOPIC_REPLICATION_FACTOR}",
            description = "Replication factor of the topics --create-topics creates; 0 = the broker's default "
                    + "(env TOPIC_REPLICATION_FACTOR; default: ${DEFAULT-VALUE}).")
    int replicationFactor = 0;

    public Topics toTopics() {
        return new Topics(input, output, deadLetters, regimeChanges, modelStatus, models, drift);
    }

    public TopicCreation toCreation() {
        return new TopicCreation(create, partitions, replicationFactor);
    }
}
