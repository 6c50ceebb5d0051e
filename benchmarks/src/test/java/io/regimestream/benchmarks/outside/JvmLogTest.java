package io.regimestream.benchmarks.outside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines as Java 17 writes them with {@code -Xlog:gc,safepoint:file=...:utctime}. */
class JvmLogTest {

    private static final List<String> LINES = List.of(
            "[2026-12-07T03:21:29.503+0000] Using G1",
            "[2026-12-07T03:21:30.646+0000] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 12M->4M(256M) 123.019ms",
            "[2026-12-07T03:21:30.646+0000] Safepoint \"G1CollectForAllocation\", Time since last: 971993997 ns, "
                    + "Reaching safepoint: 4977 ns, Cleanup: 134080 ns, At safepoint: 123102531 ns, Total: 123241588 ns",
            "[2026-12-07T03:21:31.447+0000] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 14M->4M(256M) 16.083ms",
            "[2026-12-07T03:21:31.500+0000] Safepoint \"Cleanup\", Time since last: 52000000 ns, Reaching safepoint: "
                    + "2404 ns, Cleanup: 45027 ns, At safepoint: 36545 ns, Total: 83976 ns",
            "[2026-12-07T03:21:32.452+0000] GC(2) Pause Young (Concurrent Start) (G1 Humongous Allocation) 40M->6M(256M) 3.315ms");

    private static long at(String time) {
        return Instant.parse(time).toEpochMilli();
    }

    @Test
    void readsCollectionsAndStopsWithTheirWallTimes() {
        JvmLog log = JvmLog.parse(LINES);

        assertThat(log.gcs()).hasSize(3);
        JvmLog.Gc first = log.gcs().get(0);
        assertThat(first.endMillis()).isEqualTo(at("2026-12-07T03:21:30.646Z"));
        assertThat(first.kind()).isEqualTo("Pause Young (Normal) (G1 Evacuation Pause)");
        assertThat(first.heapBeforeMb()).isEqualTo(12);
        assertThat(first.heapAfterMb()).isEqualTo(4);
        assertThat(first.pauseMillis()).isEqualTo(123.019);
        assertThat(log.safepoints()).hasSize(2);
        JvmLog.Safepoint stop = log.safepoints().get(0);
        assertThat(stop.operation()).isEqualTo("G1CollectForAllocation");
        assertThat(stop.totalMillis()).isCloseTo(123.24, within(0.01));
        assertThat(stop.startMillis()).isEqualTo(at("2026-12-07T03:21:30.646Z") - 124);
    }

    @Test
    void aWindowHoldsWhatEndedInItAndWhatWasAllocatedBetweenItsCollections() {
        JvmLog.Window window =
                JvmLog.parse(LINES).window(at("2026-12-07T03:21:31.000Z"), at("2026-12-07T03:21:33.000Z"));

        assertThat(window.gcs()).hasSize(2);
        assertThat(window.safepoints()).hasSize(1);
        assertThat(window.longestStopMillis()).isCloseTo(0.084, within(0.001));
        JvmLog.Allocation allocation = window.allocation();
        assertThat(allocation.megabytes()).isEqualTo(40 - 4); // GC(2) found 40M filled; GC(1) had left 4M
        assertThat(allocation.fromMillis()).isEqualTo(at("2026-12-07T03:21:31.447Z"));
        assertThat(allocation.toMillis()).isEqualTo(at("2026-12-07T03:21:32.452Z"));
    }

    @Test
    void oneCollectionSaysNothingAboutAllocation() {
        assertThat(JvmLog.parse(LINES)
                        .window(at("2026-12-07T03:21:30.000Z"), at("2026-12-07T03:21:31.000Z"))
                        .allocation())
                .isNull();
    }
}
