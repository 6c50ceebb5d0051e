package io.regimestream.job.config;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The job's Kafka topics, one per role, and {@link #all()}: the one list of every topic the job
 * reads or writes (what an operator creates for a job that may not, what {@code --create-topics}
 * creates).
 *
 * @param readings      temperature readings in ({@code --input-topic})
 * @param predictions   predictions out ({@code --output-topic})
 * @param deadLetters   records that cannot be scored, with the reason ({@code --dlq-topic})
 * @param regimeChanges per-machine regime-change events out
 * @param modelStatus   what each scoring task did with a model announcement
 * @param models        the control topic of model announcements (read)
 * @param drift         model-drift events out
 */
public record Topics(
        String readings,
        String predictions,
        String deadLetters,
        String regimeChanges,
        String modelStatus,
        String models,
        String drift) {

    public Topics {
        Problems problems = new Problems();
        problems.requireSet("--input-topic", readings);
        problems.requireSet("--output-topic", predictions);
        problems.requireSet("--dlq-topic", deadLetters);
        problems.requireSet("--regime-changes-topic", regimeChanges);
        problems.requireSet("--model-status-topic", modelStatus);
        problems.requireSet("--model-topic", models);
        problems.requireSet("--drift-topic", drift);
        problems.throwIfAny();
    }

    /** Every topic the job reads or writes, readings first, each once. */
    public List<String> all() {
        return List.copyOf(new LinkedHashSet<>(
                List.of(readings, predictions, deadLetters, regimeChanges, modelStatus, models, drift)));
    }

    public Topics withReadings(String topic) {
        return new Topics(topic, predictions, deadLetters, regimeChanges, modelStatus, models, drift);
    }

    public Topics withPredictions(String topic) {
        return new Topics(readings, topic, deadLetters, regimeChanges, modelStatus, models, drift);
    }

    public Topics withDeadLetters(String topic) {
        return new Topics(readings, predictions, topic, regimeChanges, modelStatus, models, drift);
    }

    public Topics withRegimeChanges(String topic) {
        return new Topics(readings, predictions, deadLetters, topic, modelStatus, models, drift);
    }

    public Topics withModelStatus(String topic) {
        return new Topics(readings, predictions, deadLetters, regimeChanges, topic, models, drift);
    }

    public Topics withModels(String topic) {
        return new Topics(readings, predictions, deadLetters, regimeChanges, modelStatus, topic, drift);
    }

    public Topics withDrift(String topic) {
        return new Topics(readings, predictions, deadLetters, regimeChanges, modelStatus, models, topic);
    }
}
