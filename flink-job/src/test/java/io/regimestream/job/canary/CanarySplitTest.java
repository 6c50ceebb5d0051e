package io.regimestream.job.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which machines a canary scores: a stable, even split that a larger share only extends. */
class CanarySplitTest {

    private static final List<String> FLEET =
            IntStream.range(0, 20_000).mapToObj(i -> "press-" + i).toList();

    @Test
    void aShareTakesAboutThatShareOfMachinesEvenOfIdsThatDifferInTheirLastCharacter() {
        for (double share : new double[] {0.01, 0.1, 0.25, 0.5, 0.9}) {
            long taken =
                    FLEET.stream().filter(id -> CanarySplit.scores(id, share)).count();
            assertThat((double) taken / FLEET.size()).as("share %s", share).isCloseTo(share, within(0.015));
        }
        long ofTen = IntStream.range(0, 10)
                .mapToObj(i -> "press-0" + i)
                .filter(id -> CanarySplit.scores(id, 0.5))
                .count();
        assertThat(ofTen).as("press-00 .. press-09 spread over both halves").isBetween(2L, 8L);
    }

    @Test
    void aLargerShareKeepsTheMachinesOfASmallerOne() {
        for (String id : FLEET) {
            if (CanarySplit.scores(id, 0.1)) {
                assertThat(CanarySplit.scores(id, 0.3)).as(id).isTrue();
            }
        }
    }

    /**
     * The place is part of the job's contract across versions: tasks of a job that is upgraded while a
     * canary runs (a savepoint restore into a new jar) must put each machine on the same side. These
     * values were computed once with this hash; a change of hash moves machines between models.
     */
    @Test
    void theHashIsStableAcrossJobVersions() {
        assertThat(CanarySplit.place("press-01")).isEqualTo(0x1.f1440da5d2372p-1);
        assertThat(CanarySplit.place("")).isEqualTo(0x1.dfa03ec175325p-1);
    }
}
