package io.regimestream.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopFramesTest {

    @Test
    void countsSamplesPerMethodMostFirstWithTheirShare() {
        TopFrames top = TopFrames.of(
                List.of(
                        "a.B.parse",
                        "a.C.score",
                        "a.B.parse",
                        "a.D.write",
                        "a.B.parse",
                        "a.C.score",
                        "a.D.write",
                        "a.C.score"),
                10);
        assertThat(top.samples()).isEqualTo(8);
        assertThat(top.entries())
                .extracting(TopFrames.Entry::method)
                .containsExactly("a.B.parse", "a.C.score", "a.D.write");
        assertThat(top.entries()).extracting(TopFrames.Entry::samples).containsExactly(3, 3, 2);
        assertThat(top.entries().get(0).percent()).isEqualTo(37.5);
        assertThat(top.entries().get(2).percent()).isEqualTo(25.0);
    }

    @Test
    void keepsOnlyTheTopEntriesButSharesAreOfAllSamples() {
        TopFrames top = TopFrames.of(List.of("x", "x", "y", "z"), 1);
        assertThat(top.entries()).singleElement().satisfies(e -> {
            assertThat(e.method()).isEqualTo("x");
            assertThat(e.percent()).isEqualTo(50.0);
        });
    }

    @Test
    void formatsOneLinePerAreaAndPerMethod() {
        String text = TopFrames.of(List.of("p.Q.r", "p.Q.r", "java.lang.String.equals"), 10)
                .format("title");
        assertThat(text)
                .startsWith("title\n3 execution samples\n")
                .contains("       2    66.7%  other\n")
                .contains("       1    33.3%  JDK\n")
                .contains("       2    66.7%  p.Q.r\n")
                .contains("       1    33.3%  java.lang.String.equals\n");
    }

    @Test
    void groupsSamplesByArea() {
        TopFrames top = TopFrames.of(
                List.of(
                        "io.regimestream.job.functions.Utf8.check",
                        "org.apache.flink.runtime.io.X.y",
                        "org.apache.kafka.common.record.DefaultRecord.readFrom",
                        "org.apache.flink.streaming.Y.z",
                        "com.fasterxml.jackson.core.json.UTF8JsonGenerator.writeNumber",
                        "org.dmg.pmml.Field.getName",
                        "jdk.internal.misc.Unsafe.park",
                        "scala.Option.get"),
                10);
        assertThat(top.areas())
                .extracting(TopFrames.Entry::method)
                .containsExactly("Flink", "JDK", "JPMML", "Jackson", "Kafka clients", "other", "regime-stream");
        assertThat(top.areas().get(0).samples()).isEqualTo(2);
        assertThat(top.areas().get(0).percent()).isEqualTo(25.0);
    }

    @Test
    void noSamplesNoEntries() {
        assertThat(TopFrames.of(List.of(), 10).entries()).isEmpty();
    }
}
