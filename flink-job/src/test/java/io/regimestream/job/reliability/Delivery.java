package io.regimestream.job.reliability;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What came out compared with what went in, record by record: each record is identified by a key
 * (e.g. {@code machine|timestamp}). Lost = expected keys never seen; duplicated = extra copies of
 * seen keys; unexpected = keys that were never sent.
 */
record Delivery(
        long expected,
        long received,
        long lost,
        long duplicated,
        long unexpected,
        List<String> lostExamples,
        List<String> duplicatedExamples,
        List<String> unexpectedExamples) {

    private static final int EXAMPLES = 5;

    static Delivery compare(Collection<String> expectedKeys, Collection<String> receivedKeys) {
        Set<String> expected = new LinkedHashSet<>(expectedKeys);
        if (expected.size() != expectedKeys.size()) {
            throw new IllegalArgumentException("the expected keys are not unique: the test input cannot be compared");
        }
        Map<String, Integer> counts = new HashMap<>();
        receivedKeys.forEach(k -> counts.merge(k, 1, Integer::sum));
        List<String> lost =
                expected.stream().filter(k -> !counts.containsKey(k)).toList();
        List<String> duplicated = counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
        List<String> unexpected =
                counts.keySet().stream().filter(k -> !expected.contains(k)).toList();
        long extraCopies = counts.values().stream().mapToLong(c -> c - 1).sum();
        return new Delivery(
                expected.size(),
                receivedKeys.size(),
                lost.size(),
                extraCopies,
                unexpected.size(),
                first(lost),
                first(duplicated),
                first(unexpected));
    }

    boolean exactlyOnce() {
        return lost == 0 && duplicated == 0 && unexpected == 0;
    }

    boolean nothingLost() {
        return lost == 0 && unexpected == 0;
    }

    private static List<String> first(List<String> keys) {
        return keys.subList(0, Math.min(EXAMPLES, keys.size()));
    }
}
