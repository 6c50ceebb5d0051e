package io.regimestream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.regimestream.common.model.ModelMetadata;
import io.regimestream.model.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegimeModelTest {

    @TempDir
    Path dir;

    @Test
    void scoresTemperaturesIntoRegimesWithProbabilities() {
        RegimeModel model = RegimeModel.load(TestModels.standIn(dir).toString());

        assertThat(model.regimeCount()).isEqualTo(4);
        RegimeScore cool = model.score(40.2);
        RegimeScore hot = model.score(66.5);
        assertThat(cool.regime()).isZero();
        assertThat(hot.regime()).isEqualTo(3);
        assertThat(Arrays.stream(hot.probabilities()).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(hot.confidence())
                .isEqualTo(Arrays.stream(hot.probabilities()).max().orElseThrow());
    }

    @Test
    void theCommittedModelMatchesItsMetadataAndOrdersRegimesByTemperature() throws Exception {
        Path pmml = TestModels.committed();
        ModelMetadata metadata = ModelMetadata.read(pmml.resolveSibling("model.json"));

        RegimeModel model = RegimeModel.load(pmml.toString());

        assertThat(model.version()).isEqualTo(metadata.version());
        assertThat(model.regimeCount()).isEqualTo(metadata.k());
        // Regimes are numbered coolest first, so the extremes of the simulated range map to the ends.
        assertThat(model.score(40.0).regime()).isZero();
        assertThat(model.score(66.0).regime()).isEqualTo(metadata.k() - 1);
        assertThat(model.version())
                .as("tests and the committed savepoint depend on it")
                .isEqualTo("k4-2e3d66839f72");
        ModelMetadata.TrainingDistribution training =
                model.metadata().orElseThrow().trainingDistribution();
        assertThat(training.count()).isEqualTo(metadata.rows().get("total"));
        assertThat(training.deciles()).hasSize(9).isSorted();
        assertThat(training.min())
                .isLessThan(metadata.regimes().get(0).centroid())
                .isLessThan(training.deciles()[0]);
        assertThat(training.max())
                .isGreaterThan(metadata.regimes().get(metadata.k() - 1).centroid())
                .isGreaterThan(training.deciles()[8]);
    }

    @Test
    void readsFileUrisAndTakesTheVersionFromModelJson() throws Exception {
        Path pmml = TestModels.standIn(dir);
        metadata("v-test-7", RegimeModel.sha256(Files.readAllBytes(pmml)), 4).write(dir.resolve("model.json"));

        RegimeModel model = RegimeModel.load(pmml.toUri().toString());

        assertThat(model.location()).startsWith("file:");
        assertThat(model.version()).isEqualTo("v-test-7");
    }

    @Test
    void withoutModelJsonTheVersionIsDerivedFromTheChecksum() {
        assertThat(RegimeModel.load(TestModels.standIn(dir).toString()).version())
                .matches("sha256-[0-9a-f]{12}");
    }

    @Test
    void aMissingFileIsNamedInTheError() {
        String missing = dir.resolve("nope/model.pmml").toString();
        assertThatThrownBy(() -> RegimeModel.load(missing))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("file not found");
    }

    @Test
    void aCorruptPmmlIsRefusedNamingTheFile() throws Exception {
        Path pmml = TestModels.standIn(dir);
        byte[] bytes = Files.readAllBytes(pmml);
        Files.write(pmml, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> RegimeModel.load(pmml.toString()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(pmml.toString())
                .hasMessageContaining("is not a valid PMML document");
    }

    @Test
    void aChecksumThatDoesNotMatchModelJsonIsRefused() throws Exception {
        Path pmml = TestModels.standIn(dir);
        metadata("v1", "00".repeat(32), 4).write(dir.resolve("model.json"));

        assertThatThrownBy(() -> RegimeModel.load(pmml.toString()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(pmml.toString())
                .hasMessageContaining("do not belong together");
    }

    @Test
    void aRegimeCountThatDoesNotMatchModelJsonIsRefused() throws Exception {
        Path pmml = TestModels.standIn(dir);
        metadata("v1", RegimeModel.sha256(Files.readAllBytes(pmml)), 5).write(dir.resolve("model.json"));

        assertThatThrownBy(() -> RegimeModel.load(pmml.toString())).hasMessageContaining("says k=5");
    }

    @Test
    void aModelWithoutATemperatureInputIsRefused() throws Exception {
        Path pmml = TestModels.standIn(dir);
        Files.writeString(pmml, Files.readString(pmml).replace("\"temperature\"", "\"temp\""));

        assertThatThrownBy(() -> RegimeModel.load(pmml.toString()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("has input fields [temp]")
                .hasMessageContaining("[temperature]");
    }

    @Test
    void externalEntitiesAreNeverResolved() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "top secret");
        Path pmml = TestModels.standIn(dir);
        String xxe = Files.readString(pmml)
                .replace("<PMML ", "<!DOCTYPE PMML [<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">]>\n<PMML ")
                .replace("description=\"test stand-in for the regime classifier\"", "description=\"&leak;\"");
        Files.writeString(pmml, xxe);

        assertThatThrownBy(() -> RegimeModel.load(pmml.toString()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("top secret");
    }

    private static ModelMetadata metadata(String version, String sha256, int k) {
        return new ModelMetadata(
                version,
                sha256,
                k,
                null,
                List.of("temperature"),
                "label",
                0.99,
                null,
                null,
                null,
                null,
                null,
                42,
                "test",
                null,
                null);
    }
}
