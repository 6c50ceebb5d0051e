package io.regimestream.benchmarks.outside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadUsageTest {

    private static final long TICK = ProcThreads.TICKS_PER_SECOND;

    private static ProcThreads.ThreadStat thread(int tid, String comm, long ticks, long voluntary) {
        return new ProcThreads.ThreadStat(tid, comm, ticks, voluntary, 0);
    }

    private static ThreadSampler.Snapshot at(long millis, long processTicks, ProcThreads.ThreadStat... threads) {
        Map<Integer, ProcThreads.ThreadStat> byTid = new java.util.LinkedHashMap<>();
        for (ProcThreads.ThreadStat t : threads) {
            byTid.put(t.tid(), t);
        }
        return new ThreadSampler.Snapshot(millis, ProcThreads.ticksToNanos(processTicks), byTid);
    }

    @Test
    void cpuAndSwitchesPerRecordOfEachKindBetweenTheSamplesInTheWindow() {
        List<ThreadSampler.Snapshot> samples = List.of(
                at(500, 0, thread(1, "raw-loop-0", 0, 0)), // before the window: not used
                at(1000, TICK, thread(1, "raw-loop-0", TICK, 10), thread(2, "raw-fetch-0", 0, 0)),
                at(1500, 2 * TICK, thread(1, "raw-loop-0", TICK + TICK / 2, 20), thread(2, "raw-fetch-0", TICK / 4, 5)),
                // the fetch thread ended here: what it did until its last sample still counts
                at(
                        2000,
                        3 * TICK,
                        thread(1, "raw-loop-0", 2 * TICK, 30),
                        thread(3, "kafka-producer-network-thread", 0, 0)),
                at(2500, 4 * TICK, thread(1, "raw-loop-0", 3 * TICK, 40)));

        ThreadUsage usage =
                ThreadUsage.of(samples, 900, 2100, (from, to) -> from == 1000 && to == 2000 ? 500_000 : -1, Map.of());

        assertThat(usage.fromMillis()).isEqualTo(1000);
        assertThat(usage.toMillis()).isEqualTo(2000);
        assertThat(usage.records()).isEqualTo(500_000);
        assertThat(usage.processCpuSeconds()).isCloseTo(2.0, within(1e-9));
        assertThat(usage.cpuSecondsPerMillion()).isCloseTo(4.0, within(1e-9));
        ThreadUsage.Kind task = usage.kinds().get(ThreadKind.TASK);
        assertThat(task.threads()).isEqualTo(1);
        assertThat(task.cpuSecondsPerMillion()).isCloseTo(2.0, within(1e-9)); // 1 s of CPU for half a million
        assertThat(task.voluntarySwitchesPer1000()).isCloseTo(0.04, within(1e-9));
        assertThat(task.coreShare()).isCloseTo(1.0, within(1e-9));
        assertThat(usage.cpuSecondsPerMillion(ThreadKind.SOURCE_FETCHER)).isCloseTo(0.5, within(1e-9));
        assertThat(usage.kinds().get(ThreadKind.PRODUCER_IO).threads()).isEqualTo(1);
        assertThat(usage.cpuSecondsPerMillion(ThreadKind.GC)).isZero();
    }

    @Test
    void javaNamesWinOverTheKernelsShortOnes() {
        List<ThreadSampler.Snapshot> samples = List.of(
                at(0, 0, thread(7, "data-plane-kafk", 0, 0)), at(1000, TICK, thread(7, "data-plane-kafk", TICK, 0)));

        ThreadUsage usage =
                ThreadUsage.of(samples, 0, 1000, (from, to) -> 1000, Map.of(7, "data-plane-kafka-request-handler-0"));

        assertThat(usage.kinds()).containsOnlyKeys(ThreadKind.BROKER_REQUEST_HANDLER);
    }

    @Test
    void fewerThanTwoSamplesOrNoRecordsSayNothing() {
        List<ThreadSampler.Snapshot> one = List.of(at(1000, 0, thread(1, "main", 0, 0)));

        assertThat(ThreadUsage.of(one, 0, 2000, (from, to) -> 10, Map.of())).isNull();
        assertThat(ThreadUsage.of(List.of(one.get(0), at(1500, 1)), 0, 2000, (from, to) -> 0, Map.of()))
                .isNull();
    }
}
