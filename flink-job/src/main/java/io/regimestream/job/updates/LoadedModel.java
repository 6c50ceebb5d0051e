package io.regimestream.job.updates;

import io.regimestream.model.RegimeModel;

/**
 * A model a task has applied from the control topic (active or shadow): what identifies it, as its
 * checkpoints keep it, and the model loaded from it, so a later announcement of the same model (a
 * promotion, a re-announcement) takes it as it is, without reading or loading it again.
 */
public record LoadedModel(ModelIdentity identity, RegimeModel model) {}
