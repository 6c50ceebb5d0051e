package io.regimestream.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TopFramesTest {

    @Test
    void countsSamplesPerMethodMostFirstWithTheirShare() {
        TopFrames top = TopFrames.of(List.of("a.B.parse", "a.C.score", "a.B.parse", "a.D.write", "a.B.parse", "a.C.score",
                "a.D.write", "a.C.score"), 10);
        assertThat(top.samples()).isEqualTo(8);
        assertThat(top.entries()).extracting(TopFrames.Entry::method).containsExactly("a.B.parse", "a.C.score", "a.D.write");
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
    void formatsOneLinePerMethod() {
        String text = TopFrames.of(List.of("p.Q.r", "p.Q.r", "p.S.t"), 10).format("title");
        assertThat(text).startsWith("title\n3 execution samples\n")
                .contains("       2    66.7%  p.Q.r\n")
                .contains("       1    33.3%  p.S.t\n");
    }

    @Test
    void noSamplesNoEntries() {
        assertThat(TopFrames.of(List.of(), 10).entries()).isEmpty();
    }
}
