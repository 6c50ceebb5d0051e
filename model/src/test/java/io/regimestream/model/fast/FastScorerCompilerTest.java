package io.regimestream.model.fast;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.config.PipelineDefaults;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.dmg.pmml.Apply;
import org.dmg.pmml.MathContext;
import org.dmg.pmml.PMML;
import org.dmg.pmml.Target;
import org.dmg.pmml.Targets;
import org.dmg.pmml.neural_network.NeuralNetwork;
import org.jpmml.model.PMMLUtil;
import org.junit.jupiter.api.Test;

/** The fast path takes the committed model and refuses, with a reason, what it would not reproduce exactly. */
class FastScorerCompilerTest {

    @Test
    void compilesTheCommittedModel() throws Exception {
        FastPathSupport support = FastRegimeScorer.compile(committed());

        assertThat(support.isSupported()).as(support.reason()).isTrue();
        assertThat(support.scorer().orElseThrow().describe())
                .isEqualTo("1 input -> 6 logistic -> 8 logistic -> 4 identity+softmax");
    }

    @Test
    void refusesFloatMath() throws Exception {
        assertRefused(network -> network.setMathContext(MathContext.FLOAT), "float math");
    }

    @Test
    void refusesTargetsThatRescaleOrAddPriors() throws Exception {
        assertRefused(
                network -> network.setTargets(new Targets().addTargets(new Target().setField("label"))), "Targets");
    }

    @Test
    void refusesActivationsItDoesNotImplement() throws Exception {
        assertRefused(
                network -> network.getNeuralLayers()
                        .get(0)
                        .setActivationFunction(NeuralNetwork.ActivationFunction.ELLIOTT),
                "activation Elliott");
    }

    @Test
    void refusesScalerFunctionsItDoesNotImplement() throws Exception {
        assertRefused(
                network -> ((Apply) network.getLocalTransformations()
                                .getDerivedFields()
                                .get(0)
                                .getExpression())
                        .setFunction("pow"),
                "function 'pow'");
    }

    @Test
    void refusesAMissingOutputForARegime() throws Exception {
        assertRefused(network -> network.getNeuralOutputs().getNeuralOutputs().remove(3), "3 outputs for 4 regimes");
    }

    private static void assertRefused(Consumer<NeuralNetwork> change, String reason) throws Exception {
        PMML pmml = committed();
        change.accept((NeuralNetwork) pmml.getModels().get(0));

        FastPathSupport support = FastRegimeScorer.compile(pmml);

        assertThat(support.isSupported()).isFalse();
        assertThat(support.scorer()).isEmpty();
        assertThat(support.reason()).contains(reason);
        assertThat(support.toString()).startsWith("fast path not supported: ");
    }

    private static PMML committed() throws Exception {
        Path model = Path.of("..", PipelineDefaults.MODEL_DIRECTORY, PipelineDefaults.MODEL_FILE);
        try (InputStream in = Files.newInputStream(model)) {
            return PMMLUtil.unmarshal(in);
        }
    }
}
