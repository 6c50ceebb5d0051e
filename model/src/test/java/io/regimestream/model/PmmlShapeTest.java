package io.regimestream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.model.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The bounds on a PMML document's shape, checked before JPMML builds anything from it. */
class PmmlShapeTest {

    @Test
    void theModelsWeTrainPassAndSoDoesOnePaddedToSixMegabytes() throws Exception {
        PmmlShape.check("committed", Files.readAllBytes(TestModels.committed()));
        PmmlShape.check("k3", Files.readAllBytes(TestModels.second()));
        byte[] padded = TestModels.padded(6 * 1024 * 1024);

        assertThat(padded.length).isGreaterThan(6 * 1024 * 1024 - 100);
        RegimeModel model = RegimeModel.load(new ModelArtifact("k3-padded", "test", TestModels.sha256(padded), padded));
        assertThat(model.regimeCount()).isEqualTo(3);
    }

    @Test
    void nestingDeeperThanTheBoundIsRefusedBeforeJpmmlRecursesIntoIt() {
        byte[] deep = TestModels.deeplyNested(3_000);

        assertThatThrownBy(() -> RegimeModel.load(new ModelArtifact("deep", "deep", TestModels.sha256(deep), deep)))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("nests elements more than " + PmmlShape.MAX_DEPTH + " deep");
        byte[] justInside = TestModels.deeplyNested(PmmlShape.MAX_DEPTH - 10);
        assertThat(RegimeModel.load(new ModelArtifact("nested", "n", TestModels.sha256(justInside), justInside))
                        .regimeCount())
                .isEqualTo(3);
    }

    @Test
    void tooManyElementsTooLongATextOrADoctypeAreRefused() {
        String many = "<PMML>" + "<Extension/>".repeat(PmmlShape.MAX_ELEMENTS) + "</PMML>";
        String longText = "<PMML><Extension>" + "x".repeat(PmmlShape.MAX_TEXT_CHARS + 1) + "</Extension></PMML>";
        String longAttribute = "<PMML><Extension value=\"" + "x".repeat(PmmlShape.MAX_TEXT_CHARS + 1) + "\"/></PMML>";
        String doctype = "<!DOCTYPE PMML [<!ENTITY e \"e\">]><PMML>&e;</PMML>";

        assertThatThrownBy(() -> PmmlShape.check("many", bytes(many)))
                .hasMessageContaining("more than " + PmmlShape.MAX_ELEMENTS + " elements");
        assertThatThrownBy(() -> PmmlShape.check("text", bytes(longText))).hasMessageContaining("a text longer");
        assertThatThrownBy(() -> PmmlShape.check("attribute", bytes(longAttribute)))
                .hasMessageContaining("an attribute longer");
        assertThatThrownBy(() -> PmmlShape.check("doctype", bytes(doctype))).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> PmmlShape.check("garbage", bytes("<PMML><oops></PMML>")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("is not a valid PMML document");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
