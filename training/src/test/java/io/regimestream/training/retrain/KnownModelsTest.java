package io.regimestream.training.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimestream.common.config.PipelineDefaults;
import io.regimestream.common.model.ModelMetadata;
import io.regimestream.common.model.ModelMetadata.RegimeSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownModelsTest {

    static final Path COMMITTED = Path.of("..", PipelineDefaults.MODEL_DIRECTORY);

    @Test
    void aModelIsFoundByVersionInAFolderOrOneLevelBelowIt(@TempDir Path work) throws Exception {
        ModelMetadata committed = ModelMetadata.read(COMMITTED.resolve(PipelineDefaults.METADATA_FILE));
        Path below = Files.createDirectories(work.resolve("models").resolve("20261207-040000"));
        Files.copy(COMMITTED.resolve(PipelineDefaults.METADATA_FILE), below.resolve(PipelineDefaults.METADATA_FILE));
        Files.writeString(
                Files.createDirectories(work.resolve("models").resolve("broken"))
                        .resolve("model.json"),
                "{");

        assertThat(new KnownModels(List.of(COMMITTED)).find(committed.version()))
                .get()
                .extracting(ModelMetadata::regimes)
                .isEqualTo(committed.regimes());
        assertThat(new KnownModels(List.of(work.resolve("nowhere"), work.resolve("models"))).find(committed.version()))
                .isPresent();
        assertThat(new KnownModels(List.of(COMMITTED, work.resolve("models"))).find("k9-000000000000"))
                .isEmpty();
    }

    @Test
    void theSameRegimesAreTheSameCountWithEveryCentroidWithinHalfTheActiveSpread() throws Exception {
        ModelMetadata active = ModelMetadata.read(COMMITTED.resolve(PipelineDefaults.METADATA_FILE));
        List<RegimeSummary> a = active.regimes();
        assertThat(KnownModels.sameRegimes(
                        with(active, shifted(a, 0.3 * a.get(0).spread())), active))
                .startsWith("the same 4 regimes (centroids within ");
        assertThat(KnownModels.sameRegimes(
                        with(active, shifted(a, 0.6 * a.get(0).spread())), active))
                .as("a regime moved by more than half its spread")
                .isNull();
        assertThat(KnownModels.sameRegimes(with(active, a.subList(0, 3)), active))
                .as("another number of regimes")
                .isNull();
    }

    private static List<RegimeSummary> shifted(List<RegimeSummary> regimes, double firstBy) {
        return java.util.stream.IntStream.range(0, regimes.size())
                .mapToObj(i -> {
                    RegimeSummary r = regimes.get(i);
                    return new RegimeSummary(r.regime(), r.centroid() + (i == 0 ? firstBy : 0), r.spread(), r.count());
                })
                .toList();
    }

    private static ModelMetadata with(ModelMetadata m, List<RegimeSummary> regimes) {
        return new ModelMetadata(
                "k" + regimes.size() + "-candidate",
                m.pmmlSha256(),
                regimes.size(),
                regimes,
                m.inputFields(),
                m.targetField(),
                m.accuracy(),
                m.confusionMatrix(),
                m.elbow(),
                m.kSelection(),
                m.rows(),
                m.parity(),
                m.seed(),
                m.source(),
                m.libraries(),
                m.createdAt(),
                m.trainingDistribution(),
                m.regimeDistributions());
    }
}
