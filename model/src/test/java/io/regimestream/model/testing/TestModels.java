package io.regimestream.model.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimestream.common.codec.Json;
import io.regimestream.common.codec.ModelAnnouncementCodec;
import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.records.ModelAnnouncement;
import io.regimestream.common.simulation.RegimeSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Models for tests: the committed, trained one (A, 4 regimes), a second trained one (B, 3 regimes,
 * {@code java -jar training.jar --generate 5000 --k 3 --layers 5 --seed 3}), a small stand-in
 * that tests may alter, and announcements of them for the control topic.
 */
public final class TestModels {

    private TestModels() {}

    /** {@code model-artifacts/model.pmml} of this checkout (tests run in their module's folder). */
    public static Path committed() {
        Path model = Path.of("..", PipelineDefaults.MODEL_DIRECTORY, PipelineDefaults.MODEL_FILE)
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("no trained model at " + model + ": the training module commits it "
                    + "(run bin/train or merge the training branch)");
        }
        return model;
    }

    /** A copy of the softmax stand-in model (test resource) in {@code dir}, which tests may alter. */
    public static Path standIn(Path dir) {
        try (InputStream in = TestModels.class.getResourceAsStream("/models/softmax/model.pmml")) {
            Path model = dir.resolve(PipelineDefaults.MODEL_FILE);
            Files.copy(in, model);
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Model B: {@code models/k3/model.pmml} (test resource of the model module), with its model.json.
     * Found as a file, not through the class path: other modules' tests get this class from the
     * model module's test jar, where a resource is no file.
     */
    public static Path second() {
        return Path.of("..", "model", "src", "test", "resources", "models", "k3", "model.pmml")
                .toAbsolutePath()
                .normalize();
    }

    /** The version in the model.json next to {@code pmml}. */
    public static String versionOf(Path pmml) {
        try {
            return ModelMetadata.read(pmml.resolveSibling(PipelineDefaults.METADATA_FILE))
                    .version();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An announcement of {@code pmml} with the PMML inline and its true sha256. */
    public static ModelAnnouncement inline(String version, byte[] pmml) {
        return ModelAnnouncement.inline(version, sha256(pmml), pmml, System.currentTimeMillis());
    }

    public static ModelAnnouncement inline(String version, Path pmml) {
        try {
            return inline(version, Files.readAllBytes(pmml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code announcement} as an attacker with write access to the control topic can send it: its
     * JSON edited by {@code edit}, the signature (if any) left as it was.
     */
    public static ModelAnnouncement tampered(ModelAnnouncement announcement, Consumer<ObjectNode> edit) {
        return ModelAnnouncementCodec.fromJson(tamperedJson(announcement, edit));
    }

    /** The JSON of {@link #tampered}, for messages the codec would refuse to read. */
    public static byte[] tamperedJson(ModelAnnouncement announcement, Consumer<ObjectNode> edit) {
        try {
            ObjectNode json = (ObjectNode) Json.mapper().readTree(ModelAnnouncementCodec.toJson(announcement));
            edit.accept(json);
            return Json.mapper().writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Model B with its temperature wrapped in {@code depth} nested {@code <Apply function="abs">}: valid
     * PMML (3,000 deep overflows the stack of a thread that parses or evaluates it recursively).
     */
    public static byte[] deeplyNested(int depth) {
        try {
            return Files.readString(second())
                    .replace(
                            "<FieldRef field=\"temperature\"/>",
                            "<Apply function=\"abs\">".repeat(depth) + "<FieldRef field=\"temperature\"/>"
                                    + "</Apply>".repeat(depth))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Model B padded with an XML comment to about {@code bytes} bytes: a valid model of that size (a
     * comment keeps nothing in memory once parsed), e.g. larger than a memory-backed checkpoint holds.
     */
    public static byte[] padded(int bytes) {
        try {
            String model = Files.readString(second());
            int pad = Math.max(0, bytes - model.length() - 10);
            return model.replace("<PMML ", "<!--" + "x".repeat(pad) + "-->\n<PMML ")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The committed model with every regime {@code degrees} hotter: its scaler's mean moved, so it scores t
     * as the committed model scores t - degrees. A few degrees put the readings the committed model was
     * trained on between its regimes (low confidence) and outside its training range; a fraction of a
     * degree is the committed model, retrained, as good as before.
     */
    public static byte[] shifted(double degrees) {
        try {
            String model = Files.readString(committed());
            // The scaler's mean, and the inputs of the model's own verification rows (their outputs stay as they are).
            String meanMoved = moveNumbers(
                    model,
                    "(<FieldRef field=\"temperature\"/>\\s*<Constant dataType=\"double\">)([^<]+)(</Constant>)",
                    degrees);
            if (meanMoved.equals(model)) {
                throw new IllegalStateException("no scaler mean in " + committed());
            }
            return moveNumbers(meanMoved, "(<data:temperature>)([^<]+)(</data:temperature>)", degrees)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String moveNumbers(String text, String regex, double by) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group(1) + (Double.parseDouble(m.group(2)) + by) + m.group(3));
        }
        return m.appendTail(out).toString();
    }

    /** The committed model's drift baseline (model.json) {@code degrees} hotter: the baseline of {@link #shifted}. */
    public static DriftBaseline shiftedBaseline(double degrees) {
        try {
            DriftBaseline base =
                    DriftBaseline.of(ModelMetadata.read(committed().resolveSibling(PipelineDefaults.METADATA_FILE)));
            return new DriftBaseline(
                    shifted(base.distribution(), degrees),
                    base.regimes().stream()
                            .map(r -> new ModelMetadata.RegimeSummary(
                                    r.regime(), r.centroid() + degrees, r.spread(), r.count()))
                            .toList(),
                    base.regimeDistributions().stream()
                            .map(r -> shifted(r, degrees))
                            .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ModelMetadata.TrainingDistribution shifted(ModelMetadata.TrainingDistribution d, double degrees) {
        double[] deciles = d.deciles().clone();
        for (int i = 0; i < deciles.length; i++) {
            deciles[i] += degrees;
        }
        return new ModelMetadata.TrainingDistribution(d.count(), d.min() + degrees, d.max() + degrees, deciles);
    }

    /** Model B with its input field renamed: valid PMML the job cannot feed. */
    public static byte[] wrongInputField() {
        try {
            return Files.readString(second())
                    .replace("\"temperature\"", "\"pressure\"")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} temperatures of the simulator the committed model was trained on (4 default regimes, 3 machines, seed 7). */
    public static double[] trainingTemperatures(int n) {
        RegimeSimulator simulator =
                RegimeSimulator.builder().machines(3).seed(7).build();
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = simulator.next().reading().temperature();
        }
        return t;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
