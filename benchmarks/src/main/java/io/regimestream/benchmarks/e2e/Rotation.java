package io.regimestream.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of repeated runs: round r starts with item r (mod n) and goes on in order, so with
 * A, B, C the rounds are ABC, BCA, CAB, ABC... Each item runs first, in the middle and last
 * equally often, so a slow start, a warming page cache or a neighbour's build does not always
 * fall on the same mode.
 */
public final class Rotation {

    private Rotation() {}

    public static <T> List<List<T>> rounds(List<T> items, int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, was " + rounds);
        }
        List<List<T>> result = new ArrayList<>();
        int n = items.size();
        for (int r = 0; r < rounds; r++) {
            List<T> round = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                round.add(items.get((r + i) % n));
            }
            result.add(round);
        }
        return result;
    }
}
