package io.regimestream.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimestream.common.records.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingFileReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsCsvWithTheArticlesCapitalisedHeader() throws Exception {
        Path f = write("data.csv", "Temperature,label\n57,3\n41.5,0\n");
        assertThat(ReadingFileReader.readAll(f))
                .extracting(Reading::temperature)
                .containsExactly(57.0, 41.5);
    }

    @Test
    void readsCsvWithMachineAndTimestampColumns() throws Exception {
        Path f = write(
                "data.csv", "timestamp,machine_id,temperature\n1000,press-01,50.5\n2025-11-27T03:20:00Z,press-02,60\n");
        assertThat(ReadingFileReader.readAll(f))
                .containsExactly(new Reading("press-01", 1000, 50.5), new Reading("press-02", 1764213600000L, 60));
    }

    @Test
    void readsJsonLinesInEitherStyle() throws Exception {
        Path f = write(
                "data.jsonl",
                "{\"Temperature\": 57, \"label\": 3}\n\n{\"machineId\":\"m\",\"timestamp\":5,\"temperature\":1.5}\n");
        assertThat(ReadingFileReader.readAll(f))
                .containsExactly(
                        new Reading(Reading.DEFAULT_MACHINE_ID, Reading.NO_TIMESTAMP, 57), new Reading("m", 5, 1.5));
    }

    @Test
    void writtenJsonLinesReadBackTheSame() throws Exception {
        List<Reading> readings = List.of(new Reading("a", 1, 2.5), new Reading("b", 3, -4));
        Path f = dir.resolve("out.jsonl");
        ReadingFileReader.writeJsonLines(f, readings);
        assertThat(ReadingFileReader.readAll(f)).isEqualTo(readings);
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ReadingFileReader.readAll(dir.resolve("nope.csv")))
                .isInstanceOf(ReadingFileException.class)
                .hasMessageContaining("nope.csv")
                .hasMessageContaining("no such file");
    }

    @Test
    void anEmptyFileIsReported() throws Exception {
        Path f = write("empty.csv", "\n  \n");
        assertThatThrownBy(() -> ReadingFileReader.readAll(f)).hasMessageContaining("empty.csv: the file is empty");
    }

    @Test
    void aCsvWithoutTemperatureColumnSaysWhatItExpected() throws Exception {
        Path f = write("bad.csv", "time,value\n1,2\n");
        assertThatThrownBy(() -> ReadingFileReader.readAll(f))
                .hasMessageContaining("bad.csv:1")
                .hasMessageContaining("no temperature column");
    }

    @Test
    void aNonNumericValueNamesItsLine() throws Exception {
        Path f = write("bad.csv", "temperature\n50\n51\nhot\n");
        assertThatThrownBy(() -> ReadingFileReader.readAll(f))
                .hasMessage(f + ":4: temperature \"hot\" is not a number");
    }

    @Test
    void aNonFiniteValueNamesItsLine() throws Exception {
        Path csv = write("nan.csv", "temperature\nNaN\n");
        assertThatThrownBy(() -> ReadingFileReader.readAll(csv))
                .hasMessageContaining("nan.csv:2")
                .hasMessageContaining("not finite");
        Path json = write("inf.jsonl", "{\"temperature\":1}\n{\"temperature\":Infinity}\n");
        assertThatThrownBy(() -> ReadingFileReader.readAll(json))
                .hasMessageContaining("inf.jsonl:2")
                .hasMessageContaining("Infinity");
    }

    @Test
    void badLinesCanBeSkippedAndAreReportedWithTheirNumbers() throws Exception {
        Path f = write("mixed.jsonl", "{\"temperature\":1}\nbroken\n{\"temperature\":2}\n");
        List<Reading> good = new ArrayList<>();
        List<Long> badLines = new ArrayList<>();
        ReadingFileReader.read(f, (r, line) -> good.add(r), bad -> badLines.add(bad.line()));
        assertThat(good).extracting(Reading::temperature).containsExactly(1.0, 2.0);
        assertThat(badLines).containsExactly(2L);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
