package io.regimestream.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.records.Reading;
import io.regimestream.training.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataSourceTest {

    @TempDir
    Path tmp;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content);
    }

    @Test
    void readsTheArticlesCsvWithACapitalisedTemperatureColumn() throws Exception {
        Path csv = file("article.csv", "Temperature,label\n57,3\n41,0\n66,4\n");
        TrainingData data = TrainingDataSource.fromFile(csv);
        assertThat(data.temperatures()).containsExactly(57, 41, 66);
        assertThat(data.source()).contains("article.csv");
    }

    @Test
    void readsJsonLines() throws Exception {
        Path jsonl = file(
                "r.jsonl",
                "{\"machineId\":\"press-01\",\"timestamp\":1,\"temperature\":40.5}\n\n{\"Temperature\":66}\n");
        assertThat(TrainingDataSource.fromFile(jsonl).temperatures()).containsExactly(40.5, 66.0);
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = tmp.resolve("nope.csv");
        assertThatThrownBy(() -> TrainingDataSource.fromFile(missing))
                .isInstanceOf(TrainingException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void aCsvWithoutTemperatureColumnNamesFileAndHeaderLine() throws Exception {
        Path csv = file("wrong.csv", "temp,machine\n50,a\n");
        assertThatThrownBy(() -> TrainingDataSource.fromFile(csv))
                .isInstanceOf(TrainingException.class)
                .hasMessageStartingWith(csv + ":1: no temperature column");
    }

    @Test
    void jsonLinesWithoutTemperatureNameTheLine() throws Exception {
        Path jsonl = file("no-temp.jsonl", "{\"temperature\":50}\n{\"machineId\":\"a\"}\n");
        assertThatThrownBy(() -> TrainingDataSource.fromFile(jsonl))
                .isInstanceOf(TrainingException.class)
                .hasMessageStartingWith(jsonl + ":2:")
                .hasMessageContaining("temperature");
    }

    @Test
    void aNonNumericValueNamesFileAndLine() throws Exception {
        Path csv = file("text.csv", "temperature\n50\n51\nhot\n");
        assertThatThrownBy(() -> TrainingDataSource.fromFile(csv))
                .isInstanceOf(TrainingException.class)
                .hasMessage(csv + ":4: temperature \"hot\" is not a number");
    }

    @Test
    void aNonFiniteValueNamesFileAndLine() throws Exception {
        Path csv = file("nan.csv", "temperature\n50\nNaN\n");
        assertThatThrownBy(() -> TrainingDataSource.fromFile(csv))
                .isInstanceOf(TrainingException.class)
                .hasMessage(csv + ":3: temperature \"NaN\" is not finite");
        Path infinite = file("inf.csv", "temperature\nInfinity\n");
        assertThatThrownBy(() -> TrainingDataSource.fromFile(infinite))
                .hasMessage(infinite + ":2: temperature \"Infinity\" is not finite");
    }

    @Test
    void anEmptyFileIsRejected() throws Exception {
        Path empty = file("empty.csv", "");
        assertThatThrownBy(() -> TrainingDataSource.fromFile(empty))
                .isInstanceOf(TrainingException.class)
                .hasMessage(empty + ": the file is empty");
    }

    @Test
    void aFileWithOnlyAHeaderHasNoData() throws Exception {
        Path header = file("header.csv", "temperature\n\n");
        assertThatThrownBy(() -> TrainingDataSource.fromFile(header))
                .isInstanceOf(TrainingException.class)
                .hasMessageStartingWith(header + ": no readings in the file");
    }

    private Path csvOf(String name, double... values) throws Exception {
        StringBuilder csv = new StringBuilder("temperature\n");
        for (double v : values) {
            csv.append(v).append('\n');
        }
        return file(name, csv.toString());
    }

    private static double[] cycle(int count, double... values) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = values[i % values.length];
        }
        return out;
    }

    @Test
    void fewerDistinctValuesThanKAreRejectedWithBothCounts() throws Exception {
        TrainingData data = TrainingDataSource.fromFile(csvOf("few.csv", cycle(200, 50, 60)));
        assertThatThrownBy(() -> TrainingDataSource.requireEnoughFor(data, 3))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("only 2 distinct temperature values but 3 regimes were asked for");
    }

    @Test
    void tooFewReadingsAreRejected() throws Exception {
        TrainingData data = TrainingDataSource.fromFile(csvOf("short.csv", 50, 55, 60));
        assertThatThrownBy(() -> TrainingDataSource.requireEnoughFor(data, 2))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("only 3 readings")
                .hasMessageContaining("at least " + TrainingDataSource.MIN_READINGS);
    }

    @Test
    void enoughReadingsAndDistinctValuesPass() throws Exception {
        TrainingData data =
                TrainingDataSource.fromFile(csvOf("ok.csv", cycle(TrainingDataSource.MIN_READINGS, 50, 55, 60)));
        TrainingDataSource.requireEnoughFor(data, 3);
        assertThat(data.distinctTemperatures()).isEqualTo(3);
    }

    @Test
    void generatedRegimesAreReproducibleForASeed() {
        TrainingData a = TrainingDataSource.generate(Dataset.regimes, 2000, 7, 3);
        TrainingData b = TrainingDataSource.generate(Dataset.regimes, 2000, 7, 3);
        TrainingData c = TrainingDataSource.generate(Dataset.regimes, 2000, 8, 3);
        assertThat(a.size()).isEqualTo(2000);
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
        assertThat(a.readings().stream().map(Reading::machineId).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("press-01", "press-02", "press-03");
        // all four default regimes show up: readings near 40 and near 66 °C
        assertThat(java.util.Arrays.stream(a.temperatures()).boxed().toList())
                .anyMatch(t -> t < 42)
                .anyMatch(t -> t > 64);
    }

    @Test
    void uniformIsTheArticlesIntegersFrom40To69() {
        TrainingData data = TrainingDataSource.generate(Dataset.uniform, 5000, 7, 1);
        assertThat(java.util.Arrays.stream(data.temperatures()).boxed().toList())
                .allMatch(t -> t == Math.rint(t) && t >= 40 && t < 70);
        assertThat(data.distinctTemperatures()).isEqualTo(30);
    }
}
