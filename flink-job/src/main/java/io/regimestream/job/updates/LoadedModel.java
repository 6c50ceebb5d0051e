package io.regimestream.job.updates;

import io.regimestream.model.ModelArtifact;
import io.regimestream.model.RegimeModel;

/**
 * A verified announced model and the model loaded from it: what a task keeps of its shadow, so an
 * active announcement of the same version and sha256 promotes it without reading it again.
 */
public record LoadedModel(ModelArtifact artifact, RegimeModel model) {}
