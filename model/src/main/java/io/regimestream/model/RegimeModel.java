package io.regimestream.model;

import io.regimestream.common.codec.Json;
import io.regimestream.common.model.DriftBaseline;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.model.Sha256;
import io.regimestream.common.records.ModelAnnouncementRule;
import io.regimestream.model.fast.FastPathSupport;
import io.regimestream.model.fast.FastRegimeScorer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmg.pmml.OpType;
import org.jpmml.evaluator.Evaluator;
import org.jpmml.evaluator.EvaluatorUtil;
import org.jpmml.evaluator.FieldValue;
import org.jpmml.evaluator.HasPMML;
import org.jpmml.evaluator.HasProbability;
import org.jpmml.evaluator.InputField;
import org.jpmml.evaluator.LoadingModelEvaluatorBuilder;
import org.jpmml.evaluator.TargetField;

/**
 * The regime classifier: a PMML model loaded, checked and ready to score temperatures.
 *
 * <p>{@link #load} refuses anything the job could not use, with a message naming the file:
 * missing or unreadable file, a sha256 that does not match the {@code model.json} next to it,
 * XML that is not PMML (DOCTYPEs and external entities are refused by JPMML's hardened SAX
 * parser), a model whose self-check fails, no {@value #TEMPERATURE} input, or a target that is
 * not categorical with regimes 0..k-1. Field names come from the model itself.
 *
 * <p>Scoring: JPMML is the reference. When the model is one the compiled {@link FastRegimeScorer}
 * reproduces bit for bit (pmml-sparkml's scaler + MLP), {@link #score} uses that instead, about
 * ten times faster, and JPMML only for the rare input the fast path hands back (NaN arithmetic);
 * {@link #describe()} says which. {@link ScoringEngine#JPMML} forces JPMML.
 *
 * <p>Thread-safe: JPMML's {@link Evaluator} and the fast scorer are.
 */
public final class RegimeModel {

    /** The one input the job can feed: a reading's temperature. */
    public static final String TEMPERATURE = "temperature";

    private final String location;
    private final String version;
    private final Evaluator evaluator;
    private final InputField input;
    private final TargetField target;
    private final List<Object> regimes;
    private final FastRegimeScorer fast; // null: JPMML scores everything
    private final String engine;
    private final ModelMetadata metadata; // null: no model.json (an announced model, or a bare PMML file)
    private final DriftBaseline driftBaseline; // null: neither model.json nor the announcement had one

    private RegimeModel(
            String location,
            String version,
            Evaluator evaluator,
            InputField input,
            TargetField target,
            ScoringEngine engine,
            ModelMetadata metadata,
            DriftBaseline announcedBaseline) {
        this.location = location;
        this.metadata = metadata;
        this.driftBaseline = metadata != null ? DriftBaseline.of(metadata) : announcedBaseline;
        this.version = version;
        this.evaluator = evaluator;
        this.input = input;
        this.target = target;
        this.regimes = target.getCategories();
        if (engine == ScoringEngine.JPMML) {
            this.fast = null;
            this.engine = "JPMML (chosen)";
        } else {
            FastPathSupport support = FastRegimeScorer.compile(((HasPMML) evaluator).getPMML());
            this.fast = support.scorer()
                    .filter(s -> s.regimeCount() == regimes.size())
                    .orElse(null);
            this.engine = fast != null
                    ? "fast path (" + fast.describe() + ")"
                    : "JPMML (" + (support.isSupported() ? "fast path disagrees on the regime count" : support) + ")";
        }
    }

    /**
     * Loads the model at {@code location} (path or URI) and checks it against its metadata.
     *
     * @throws ModelException naming the file and the problem
     */
    public static RegimeModel load(String location) {
        return load(location, ScoringEngine.AUTO);
    }

    /** {@link #load(String)} with the choice of scoring engine. */
    public static RegimeModel load(String location, ScoringEngine engine) {
        byte[] pmml = ModelFiles.readModel(location);
        String sha256 = sha256(pmml);
        Optional<ModelMetadata> metadata =
                ModelFiles.readMetadataNextTo(location).map(bytes -> parseMetadata(location, bytes));
        metadata.ifPresent(m -> checkChecksum(location, sha256, m));

        String version = metadata.map(ModelMetadata::version)
                .filter(v -> !v.isBlank())
                .orElse("sha256-" + sha256.substring(0, 12));
        return check(location, pmml, version, metadata, engine, null);
    }

    /**
     * Loads an announced model with the same checks as {@link #load(String)}; the version is the
     * announced one (its sha256 was checked when it was fetched).
     *
     * @throws ModelException naming the model's source and the problem
     */
    public static RegimeModel load(ModelArtifact artifact) {
        return check(
                artifact.source(),
                artifact.pmml(),
                artifact.version(),
                Optional.empty(),
                ScoringEngine.AUTO,
                artifact.baseline());
    }

    private static RegimeModel check(
            String location,
            byte[] pmml,
            String version,
            Optional<ModelMetadata> metadata,
            ScoringEngine engine,
            DriftBaseline announcedBaseline) {
        try {
            // The version becomes an InfluxDB tag and a Kafka key: one that cannot be would fail every write
            // (and, kept in a checkpoint, every restart).
            ModelAnnouncementRule.checkVersion(version);
        } catch (IllegalArgumentException e) {
            throw new ModelException(location, e.getMessage());
        }
        Evaluator evaluator = parse(location, pmml);
        InputField input = temperatureInput(location, evaluator);
        TargetField target = categoricalTarget(location, evaluator);
        metadata.ifPresent(m -> checkFieldsMatch(location, m, input, target));
        metadata.map(DriftBaseline::of).ifPresent(b -> checkBaseline(location, b));
        return new RegimeModel(
                location, version, evaluator, input, target, engine, metadata.orElse(null), announcedBaseline);
    }

    /** A copy (the same evaluator and fast path) that measures drift against {@code baseline}. */
    private RegimeModel(RegimeModel model, DriftBaseline baseline) {
        this.location = model.location;
        this.metadata = model.metadata;
        this.driftBaseline = baseline;
        this.version = model.version;
        this.evaluator = model.evaluator;
        this.input = model.input;
        this.target = model.target;
        this.regimes = model.regimes;
        this.fast = model.fast;
        this.engine = model.engine;
    }

    /**
     * This model measured for drift against {@code baseline} (null: none), without loading it again:
     * an announcement of a model the task already has (its shadow, promoted) brings its own baseline.
     */
    public RegimeModel withDriftBaseline(DriftBaseline baseline) {
        return new RegimeModel(this, baseline);
    }

    /** The {@code model.json} this model was loaded with, if it had one. */
    public Optional<ModelMetadata> metadata() {
        return Optional.ofNullable(metadata);
    }

    /**
     * What drift is measured against: the training distribution and regimes of {@code model.json}, or
     * of the announcement that brought the model; empty when neither had them.
     */
    public Optional<DriftBaseline> driftBaseline() {
        return Optional.ofNullable(driftBaseline);
    }

    /** Scores one temperature. */
    public RegimeScore score(double temperature) {
        if (fast != null) {
            double[] probabilities = new double[regimes.size()];
            int regime = fast.score(temperature, probabilities);
            if (regime != FastRegimeScorer.NOT_SCORED) {
                return new RegimeScore(regime, probabilities[regime], probabilities);
            }
        }
        return scoreWithJpmml(temperature);
    }

    private RegimeScore scoreWithJpmml(double temperature) {
        FieldValue value = input.prepare(temperature);
        Map<String, ?> results = evaluator.evaluate(Map.of(input.getName(), value));
        Object result = results.get(target.getName());
        int regime = regimeOf(EvaluatorUtil.decode(result));
        double[] probabilities = new double[regimes.size()];
        if (result instanceof HasProbability distribution) {
            for (Object category : regimes) {
                Double p = distribution.getProbability(category);
                probabilities[regimeOf(category)] = p == null ? 0.0 : p;
            }
        } else {
            probabilities[regime] = 1.0; // a model without probabilities is sure of its answer
        }
        return new RegimeScore(regime, probabilities[regime], probabilities);
    }

    public String version() {
        return version;
    }

    public String location() {
        return location;
    }

    public int regimeCount() {
        return regimes.size();
    }

    /** True when the compiled fast path scores (see the class comment). */
    public boolean usesFastPath() {
        return fast != null;
    }

    /** e.g. {@code temperature -> label (4 regimes), version k4-..., scored by fast path (...)}. */
    public String describe() {
        return input.getName() + " -> " + target.getName() + " (" + regimes.size() + " regimes), version " + version
                + ", scored by " + engine;
    }

    // ---------------------------------------------------------------- checks

    private static Evaluator parse(String location, byte[] pmml) {
        PmmlShape.check(location, pmml);
        Evaluator evaluator;
        try {
            evaluator = new LoadingModelEvaluatorBuilder()
                    // Stop at the first XML error and report it in our message, instead of JAXB printing it to stderr.
                    .setValidationEventHandler(event -> false)
                    .load(new ByteArrayInputStream(pmml))
                    .build();
        } catch (Exception e) {
            throw new ModelException(location, "is not a valid PMML document: " + rootMessage(e), e);
        }
        try {
            evaluator.verify();
        } catch (RuntimeException e) {
            throw new ModelException(location, "fails its own self-check (PMML verification): " + rootMessage(e), e);
        }
        return evaluator;
    }

    private static InputField temperatureInput(String location, Evaluator evaluator) {
        List<? extends InputField> inputs = evaluator.getInputFields();
        List<String> names = inputs.stream().map(InputField::getName).toList();
        if (inputs.size() != 1 || !TEMPERATURE.equals(names.get(0))) {
            throw new ModelException(
                    location,
                    "has input fields " + names + ", but the job can feed only [" + TEMPERATURE
                            + "]: train the model on the temperature alone");
        }
        return inputs.get(0);
    }

    private static TargetField categoricalTarget(String location, Evaluator evaluator) {
        List<? extends TargetField> targets = evaluator.getTargetFields();
        if (targets.size() != 1) {
            throw new ModelException(
                    location, "has " + targets.size() + " target fields, expected exactly one (the regime)");
        }
        TargetField target = targets.get(0);
        if (target.getOpType() != OpType.CATEGORICAL) {
            throw new ModelException(
                    location,
                    "target field '" + target.getName() + "' is " + target.getOpType()
                            + ", expected a categorical regime (a classification model)");
        }
        List<Object> categories = target.getCategories();
        if (categories == null || categories.isEmpty()) {
            throw new ModelException(location, "target field '" + target.getName() + "' lists no regimes");
        }
        for (int i = 0; i < categories.size(); i++) {
            Integer regime = parseRegime(categories.get(i));
            if (regime == null || regime < 0 || regime >= categories.size()) {
                throw new ModelException(
                        location,
                        "target field '" + target.getName() + "' has regimes " + categories
                                + ", expected the integers 0.." + (categories.size() - 1));
            }
        }
        return target;
    }

    private static ModelMetadata parseMetadata(String location, byte[] json) {
        try {
            return Json.mapper().readValue(json, ModelMetadata.class);
        } catch (IOException e) {
            throw new ModelException(
                    ModelFiles.metadataLocation(location), "is not valid model metadata: " + rootMessage(e), e);
        }
    }

    private static void checkChecksum(String location, String sha256, ModelMetadata metadata) {
        if (metadata.pmmlSha256() != null && !metadata.pmmlSha256().equalsIgnoreCase(sha256)) {
            throw new ModelException(
                    location,
                    "has sha256 " + sha256 + " but " + ModelFiles.metadataLocation(location)
                            + " says " + metadata.pmmlSha256() + ": the two files do not belong together "
                            + "(copy model.pmml and model.json from the same training run)");
        }
    }

    private static void checkFieldsMatch(
            String location, ModelMetadata metadata, InputField input, TargetField target) {
        if (metadata.inputFields() != null && !metadata.inputFields().equals(List.of(input.getName()))) {
            throw new ModelException(
                    location,
                    "has input fields [" + input.getName() + "] but " + ModelFiles.metadataLocation(location) + " says "
                            + metadata.inputFields());
        }
        if (metadata.targetField() != null && !metadata.targetField().equals(target.getName())) {
            throw new ModelException(
                    location,
                    "has target field '" + target.getName() + "' but " + ModelFiles.metadataLocation(location)
                            + " says '" + metadata.targetField() + "'");
        }
        if (metadata.k() > 0 && metadata.k() != target.getCategories().size()) {
            throw new ModelException(
                    location,
                    "has " + target.getCategories().size() + " regimes but " + ModelFiles.metadataLocation(location)
                            + " says k=" + metadata.k());
        }
    }

    private static void checkBaseline(String location, DriftBaseline baseline) {
        try {
            baseline.check();
        } catch (IllegalArgumentException e) {
            throw new ModelException(
                    location,
                    "has a training distribution in " + ModelFiles.metadataLocation(location)
                            + " that drift cannot use: " + e.getMessage() + " (write model.json again with training)");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static int regimeOf(Object category) {
        Integer regime = parseRegime(category);
        if (regime == null) {
            throw new IllegalStateException("the model answered '" + category + "', which is not a regime number");
        }
        return regime;
    }

    private static Integer parseRegime(Object category) {
        if (category instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        try {
            double d = category == null ? Double.NaN : Double.parseDouble(category.toString());
            return d == Math.rint(d) ? (int) d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
