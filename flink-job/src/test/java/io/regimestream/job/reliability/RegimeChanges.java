package io.regimestream.job.reliability;

import io.regimestream.common.records.Prediction;
import io.regimestream.common.records.RegimeChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The regime changes a job must report for the predictions it made, worked out apart from the job:
 * tests compare them with the job's regime-change output across restarts, so that tracks lost
 * (a change missed, or one reported again) or reset (a spurious change) show up.
 */
final class RegimeChanges {

    private RegimeChanges() {}

    /**
     * The changes a machine's predictions make, in event-time order (a machine's readings keep the
     * order of their partition): the first prediction settles the regime; another regime held for
     * {@code confirm} readings in a row is a change; a shorter excursion is noise. Each as {@link #describe}.
     */
    static List<String> expected(List<Prediction> predictions, int confirm) {
        Map<String, List<Prediction>> byMachine = predictions.stream()
                .sorted(Comparator.comparingLong(Prediction::timestamp))
                .collect(Collectors.groupingBy(Prediction::machineId, LinkedHashMap::new, Collectors.toList()));
        List<String> changes = new ArrayList<>();
        byMachine.forEach((machine, list) -> {
            int settled = list.get(0).regime();
            int candidate = -1;
            int held = 0;
            long since = 0;
            for (Prediction p : list.subList(1, list.size())) {
                if (p.regime() == settled) {
                    candidate = -1;
                    held = 0;
                } else if (p.regime() == candidate) {
                    held++;
                } else {
                    candidate = p.regime();
                    held = 1;
                    since = p.timestamp();
                }
                if (held >= confirm) {
                    changes.add(machine + " " + settled + "->" + candidate + " @" + since);
                    settled = candidate;
                    candidate = -1;
                    held = 0;
                }
            }
        });
        return changes;
    }

    /** {@code machine from->to @timestamp}. */
    static String describe(RegimeChange c) {
        return c.machineId() + " " + c.fromRegime() + "->" + c.toRegime() + " @" + c.timestamp();
    }
}
