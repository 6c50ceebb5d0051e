package io.regimestream.training;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.signing.SigningKeys;
import io.regimestream.training.publish.ModelPublisher;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where a model is announced and with which key it is signed: one picocli mixin, shared by the
 * training command's {@code --publish} and {@code retrain}.
 */
public final class AnnouncementOptions {

    @Option(
            names = "--model-topic",
            paramLabel = "TOPIC",
            defaultValue = "${env:MODEL_TOPIC:-" + PipelineDefaults.MODELS_TOPIC + "}",
            description = "Control topic of the scoring job (env MODEL_TOPIC; default: ${DEFAULT-VALUE}).")
    String modelTopic;

    @Option(
            names = "--signing-key",
            paramLabel = "FILE",
            defaultValue = "${env:MODEL_SIGNING_KEY}",
            description = "Sign the announcement with this Ed25519 private key (PKCS#8 PEM); a job started with "
                    + "--model-public-key accepts only signed announcements (env MODEL_SIGNING_KEY).")
    Path signingKey;

    @Option(
            names = "--signing-key-id",
            paramLabel = "ID",
            description = "Name of the signing key put in the announcement (keyId), so a job that trusts several keys "
                    + "knows which one to verify with: the id --generate-signing-key prints.")
    String signingKeyId;

    public String modelTopic() {
        return modelTopic;
    }

    /** Whether a signing key was given. */
    public boolean signs() {
        return signingKey != null && !signingKey.toString().isBlank();
    }

    /** Checks the options together, each problem as the exception {@code bad} makes of its message. */
    public void checkOptions(Function<String, ParameterException> bad) {
        if (!signs() && signingKeyId != null) {
            throw bad.apply("--signing-key-id needs --signing-key");
        }
    }

    /**
     * The signer of the key given, or null without one.
     *
     * @throws TrainingException when the key cannot be read
     */
    public ModelPublisher.Signer signer() throws TrainingException {
        if (!signs()) {
            return null;
        }
        try {
            return new ModelPublisher.Signer(SigningKeys.readPrivateKey(signingKey), signingKeyId);
        } catch (IllegalArgumentException e) {
            throw new TrainingException("--signing-key: " + e.getMessage(), e);
        }
    }
}
