package io.regimestream.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.model.RegimeModel;
import io.regimestream.model.RegimeScore;
import io.regimestream.model.ScoringEngine;
import io.regimestream.model.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The 'pmml' model provider through the Table API in a Flink MiniCluster: scores, and planning-time errors. */
class PmmlModelProviderTest {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension();

    private static final double[] TEMPERATURES = {-20.0, 0.5, 41.0, 47.25, 52.5, 57.3, 63.0, 69.9, 80.0, 120.0};

    private TableEnvironment tableEnv;

    @BeforeEach
    void readings() {
        tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        String values = DoubleStream.of(TEMPERATURES)
                .mapToObj(t -> "('m" + (int) t + "', CAST(" + t + " AS DOUBLE))")
                .collect(Collectors.joining(", "));
        tableEnv.executeSql(
                "CREATE TEMPORARY VIEW readings AS SELECT * FROM (VALUES " + values + ") AS t(machineId, temperature)");
    }

    @Test
    void scoresEveryRowBitIdenticallyToTheJobsModelAndToJpmml() throws Exception {
        Path model = TestModels.committed();
        createModel(
                "INPUT (temperature DOUBLE) OUTPUT (regime INT, confidence DOUBLE, model_version STRING, "
                        + "probability0 DOUBLE, probability1 DOUBLE, probability2 DOUBLE, probability3 DOUBLE)",
                model.toUri().toString());

        List<Row> rows = collect("SELECT machineId, temperature, regime, confidence, model_version, "
                + "probability0, probability1, probability2, probability3 "
                + "FROM ML_PREDICT(TABLE readings, MODEL regime_model, DESCRIPTOR(temperature))");

        RegimeModel job = RegimeModel.load(model.toString());
        RegimeModel jpmml = RegimeModel.load(model.toString(), ScoringEngine.JPMML);
        assertThat(rows).hasSize(TEMPERATURES.length);
        for (Row row : rows) {
            double temperature = (Double) row.getField(1);
            for (RegimeScore expected : List.of(job.score(temperature), jpmml.score(temperature))) {
                assertThat(row.getField(2)).as("regime at %s", temperature).isEqualTo(expected.regime());
                assertThat(Double.doubleToRawLongBits((Double) row.getField(3)))
                        .isEqualTo(Double.doubleToRawLongBits(expected.confidence()));
                for (int i = 0; i < 4; i++) {
                    assertThat(Double.doubleToRawLongBits((Double) row.getField(5 + i)))
                            .as("probability%d at %s", i, temperature)
                            .isEqualTo(Double.doubleToRawLongBits(expected.probabilities()[i]));
                }
            }
            assertThat(row.getField(4)).isEqualTo(TestModels.versionOf(model));
        }
    }

    @Test
    void outputColumnsAreAnySubsetInAnyOrder() throws Exception {
        Path model = TestModels.second(); // 3 regimes
        createModel(
                "INPUT (temperature DOUBLE) OUTPUT (probability2 DOUBLE, regime INT)",
                model.toUri().toString());

        List<Row> rows = collect("SELECT temperature, probability2, regime "
                + "FROM ML_PREDICT(TABLE readings, MODEL regime_model, DESCRIPTOR(temperature))");

        RegimeModel expected = RegimeModel.load(model.toString());
        assertThat(rows).hasSize(TEMPERATURES.length).allSatisfy(row -> {
            RegimeScore score = expected.score((Double) row.getField(0));
            assertThat(row.getField(1)).isEqualTo(score.probabilities()[2]);
            assertThat(row.getField(2)).isEqualTo(score.regime());
        });
    }

    @Test
    void aNullOrNonFiniteInputGetsNoPredictionAndTheOthersAreScored() throws Exception {
        tableEnv.executeSql("CREATE TEMPORARY VIEW odd AS SELECT * FROM (VALUES ('null', CAST(NULL AS DOUBLE)), "
                + "('nan', CAST('NaN' AS DOUBLE)), ('fine', CAST(50.0 AS DOUBLE))) AS t(machineId, temperature)");
        createModel(
                "INPUT (temperature DOUBLE) OUTPUT (regime INT)",
                TestModels.committed().toUri().toString());

        List<Row> rows = collect(
                "SELECT machineId, regime FROM ML_PREDICT(TABLE odd, MODEL regime_model, DESCRIPTOR(temperature))");

        assertThat(rows).extracting(row -> row.getField(0)).containsExactly("fine");
    }

    @Test
    void aMissingFileFailsAtPlanningNamingIt(@TempDir Path dir) {
        String missing = dir.resolve("nothing-here.pmml").toUri().toString();
        createModel("INPUT (temperature DOUBLE) OUTPUT (regime INT)", missing);

        assertThatThrownBy(() -> plan())
                .satisfies(e -> assertThat(messages(e))
                        .contains("Model default_catalog.default_database.regime_model ('provider' = 'pmml')")
                        .contains("nothing-here.pmml"));
    }

    @Test
    void aModelWhoseChecksumDoesNotMatchItsMetadataFailsAtPlanning(@TempDir Path dir) throws Exception {
        Path committed = TestModels.committed();
        Path pmml = dir.resolve("model.pmml");
        Files.writeString(pmml, Files.readString(committed).replace("</PMML>", "<!-- altered --></PMML>"));
        Files.copy(committed.resolveSibling("model.json"), dir.resolve("model.json"));
        createModel(
                "INPUT (temperature DOUBLE) OUTPUT (regime INT)", pmml.toUri().toString());

        assertThatThrownBy(() -> plan()).satisfies(e -> assertThat(messages(e)).containsIgnoringCase("sha256"));
    }

    @Test
    void anInputColumnOfAnotherTypeFailsAtPlanning() {
        tableEnv.executeSql("CREATE TEMPORARY VIEW labels AS SELECT * FROM (VALUES ('hot')) AS t(temperature)");
        createModel(
                "INPUT (temperature STRING) OUTPUT (regime INT)",
                TestModels.committed().toUri().toString());

        assertThatThrownBy(() -> tableEnv.explainSql(
                        "SELECT * FROM ML_PREDICT(TABLE labels, MODEL regime_model, DESCRIPTOR(temperature))"))
                .satisfies(e -> assertThat(messages(e))
                        .contains("INPUT column 'temperature' is STRING")
                        .contains("declare it DOUBLE"));
    }

    @Test
    void anInputColumnTheModelDoesNotKnowFailsAtPlanning() {
        tableEnv.executeSql(
                "CREATE TEMPORARY VIEW pressures AS SELECT * FROM (VALUES (CAST(1.5 AS DOUBLE))) AS t(pressure)");
        createModel(
                "INPUT (pressure DOUBLE) OUTPUT (regime INT)",
                TestModels.committed().toUri().toString());

        assertThatThrownBy(() -> tableEnv.explainSql(
                        "SELECT * FROM ML_PREDICT(TABLE pressures, MODEL regime_model, DESCRIPTOR(pressure))"))
                .satisfies(
                        e -> assertThat(messages(e))
                                .contains(
                                        "INPUT column 'pressure' is not a field of the PMML model; its input field is 'temperature'"));
    }

    @Test
    void anOutputColumnOfAnotherTypeOrNameFailsAtPlanning() {
        createModel(
                "INPUT (temperature DOUBLE) OUTPUT (regime STRING)",
                TestModels.committed().toUri().toString());
        assertThatThrownBy(() -> plan())
                .satisfies(e -> assertThat(messages(e)).contains("OUTPUT column 'regime' is STRING; declare it INT"));

        tableEnv.executeSql("DROP TEMPORARY MODEL regime_model");
        createModel(
                "INPUT (temperature DOUBLE) OUTPUT (regime INT, probability7 DOUBLE)",
                TestModels.committed().toUri().toString());
        assertThatThrownBy(() -> plan())
                .satisfies(
                        e -> assertThat(messages(e))
                                .contains(
                                        "OUTPUT column 'probability7': the model has 4 regimes (probability0 .. probability3)"));

        tableEnv.executeSql("DROP TEMPORARY MODEL regime_model");
        createModel(
                "INPUT (temperature DOUBLE) OUTPUT (label INT)",
                TestModels.committed().toUri().toString());
        assertThatThrownBy(() -> plan())
                .satisfies(e -> assertThat(messages(e))
                        .contains("OUTPUT column 'label' is not something the PMML model predicts"));
    }

    @Test
    void anUnknownOptionFailsAtPlanningNamingIt() {
        tableEnv.executeSql("CREATE TEMPORARY MODEL regime_model INPUT (temperature DOUBLE) OUTPUT (regime INT) "
                + "WITH ('provider' = 'pmml', 'path' = '"
                + TestModels.committed().toUri() + "', 'engine' = 'fast')");

        assertThatThrownBy(() -> plan())
                .satisfies(e ->
                        assertThat(messages(e)).contains("Unsupported options").contains("engine"));
    }

    private void createModel(String columns, String path) {
        tableEnv.executeSql("CREATE TEMPORARY MODEL regime_model " + columns + " WITH ('provider' = 'pmml', 'path' = '"
                + path + "')");
    }

    private String plan() {
        return tableEnv.explainSql(
                "SELECT * FROM ML_PREDICT(TABLE readings, MODEL regime_model, DESCRIPTOR(temperature))");
    }

    private List<Row> collect(String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tableEnv.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** Every message in the cause chain: the planner wraps the provider's ValidationException. */
    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
